using LambdaSlim.Core.Publishing;
using LambdaSlim.Core.Tests.Image;
using LambdaSlim.Core.Tests.Support;

namespace LambdaSlim.Core.Tests.Tasks;

/// <summary>
/// Runs LambdaSlim.Image.targets in a real MSBuild (<c>dotnet msbuild</c>) with the task assembly this test project
/// builds, on architecture folders staged from real compiled programs: the wiring from items and properties to the
/// image, the zip and the report.
/// </summary>
[Collection(NativeProgramsCollection.Name)]
public sealed class ImageTargetsTests(NativePrograms programs)
{
    /// <summary>A targets file of the SDK as the package ships it.</summary>
    private static string SdkTargets(string name) =>
        Path.Combine(LambdaSlim.Tests.Shared.RepositoryRoot.Path, "src", "Sdk", "build", name);

    private string Project(TempDirectory temp, string extraProperties = "")
    {
        ImageFixture.Stage(temp.Combine("bin", "lambda"), LambdaArchitecture.X86_64, programs.HelloX64);
        ImageFixture.Stage(temp.Combine("bin", "lambda"), LambdaArchitecture.Arm64, programs.HelloArm64);
        // By path: loading the type here would need MSBuild's assemblies, which only MSBuild provides.
        var tasks = Path.Combine(AppContext.BaseDirectory, "LambdaSlim.Tasks.dll");
        var project = temp.Combine("hello.proj");
        File.WriteAllText(project, $"""
            <Project>
              <PropertyGroup>
                <LambdaSlimTasksAssembly>{tasks}</LambdaSlimTasksAssembly>
                <LambdaOutputRoot>$(MSBuildProjectDirectory)/bin/lambda/</LambdaOutputRoot>
                <BaseIntermediateOutputPath>obj/</BaseIntermediateOutputPath>
                <AssemblyName>Hello</AssemblyName>
                {extraProperties}
              </PropertyGroup>
              <ItemGroup>
                <ContainerLabel Include="team" Value="payments" />
                <ContainerEnvironmentVariable Include="GREETING" Value="hi" />
              </ItemGroup>
              <Import Project="{SdkTargets("LambdaSlim.ImageName.targets")}" />
              <Import Project="{SdkTargets("LambdaSlim.Image.targets")}" />
              <!-- Stands in for LambdaSlim.Publish.targets: the staged folders, as the contract describes them. -->
              <Target Name="LambdaPublishArchitectures">
                <ItemGroup>
                  <LambdaArchitectureOutput Include="$(LambdaOutputRoot)x86_64/" Architecture="x86_64" RuntimeIdentifier="linux-x64"
                      Bootstrap="$(LambdaOutputRoot)x86_64/bootstrap" PublishMode="Aot" Globalization="Invariant" />
                  <LambdaArchitectureOutput Include="$(LambdaOutputRoot)arm64/" Architecture="arm64" RuntimeIdentifier="linux-arm64"
                      Bootstrap="$(LambdaOutputRoot)arm64/bootstrap" PublishMode="Aot" Globalization="Invariant" />
                </ItemGroup>
              </Target>
            </Project>
            """);
        return project;
    }

    private static ProcessResult MsBuild(string project, params string[] arguments) =>
        ProcessRunner.Run("dotnet", ["msbuild", project, "-nologo", "-nodeReuse:false", "-v:n", .. arguments]);

    [Fact]
    public void LambdaBuildImage_and_LambdaBuildZip_write_layout_archive_report_and_zips()
    {
        using var temp = new TempDirectory();
        var project = Project(temp, "<ContainerImageTags>1.0;stable</ContainerImageTags><PublishLambdaZip>true</PublishLambdaZip>");

        var build = MsBuild(project, "-t:LambdaBuildImage;LambdaBuildZip");

        Assert.True(build.ExitCode == 0, build.StandardOutput + build.StandardError);
        var lambda = temp.Combine("bin", "lambda");
        Assert.True(File.Exists(Path.Combine(lambda, "image", "index.json")));
        Assert.True(File.Exists(Path.Combine(lambda, "image.tar")));
        Assert.True(File.Exists(Path.Combine(lambda, "report.json")));
        Assert.True(File.Exists(Path.Combine(lambda, "function-x86_64.zip")));
        Assert.True(File.Exists(Path.Combine(lambda, "function-arm64.zip")));
        Assert.Contains("aws lambda create-function --function-name Hello --package-type Image --architectures arm64 --code ImageUri=ACCOUNT.dkr.ecr.REGION.amazonaws.com/hello@sha256:", build.StandardOutput);
        var config = ProcessRunner.Check("skopeo", "inspect", "--config", $"oci:{Path.Combine(lambda, "image")}:stable-arm64").StandardOutput;
        Assert.Contains("\"team\":\"payments\"", config.Replace(" ", "", StringComparison.Ordinal));
        Assert.Contains("GREETING=hi", config);
        Assert.True(Directory.Exists(temp.Combine("obj", "lambda", "layers")));
    }

    [Fact]
    public void Core_errors_surface_as_msbuild_errors_with_their_code()
    {
        using var temp = new TempDirectory();
        var project = Project(temp, "<ContainerImageTag>-bad</ContainerImageTag>");

        var build = MsBuild(project, "-t:LambdaBuildImage");

        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("error LSLIM2020", build.StandardOutput);
    }
}
