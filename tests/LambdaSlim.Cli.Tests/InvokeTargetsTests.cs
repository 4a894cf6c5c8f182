using LambdaSlim.Cli.Tests.Support;

namespace LambdaSlim.Cli.Tests;

/// <summary>
/// The MSBuild convenience: src/Sdk/build/LambdaSlim.Invoke.targets run by a real <c>dotnet msbuild</c> with the
/// InvokeLambdaImage task, over @(LambdaArchitectureOutput) items as the publish pipeline produces them.
/// </summary>
[Collection(TestImagesCollection.Name)]
public sealed class InvokeTargetsTests(TestImages images)
{
    private ProcessResult Publish(TempDirectory folder, string imageDirectory, string eventJson)
    {
        var project = folder.Combine("function.proj");
        File.WriteAllText(folder.Combine("event.json"), eventJson);
        File.WriteAllText(project, $"""
            <Project>
              <PropertyGroup>
                <LambdaSlimTasksAssembly>{Path.Combine(AppContext.BaseDirectory, "LambdaSlim.Tasks.dll")}</LambdaSlimTasksAssembly>
                <LambdaOutputRoot>{folder.Path}/lambda/</LambdaOutputRoot>
                <LambdaImageDirectory>{imageDirectory}</LambdaImageDirectory>
              </PropertyGroup>
              <Import Project="{LambdaSlim.Tests.Shared.RepositoryRoot.Path}/src/Sdk/build/LambdaSlim.Invoke.targets" />
              <Target Name="LambdaPublishArchitectures">
                <ItemGroup>
                  <LambdaArchitectureOutput Include="{Path.GetDirectoryName(images.BootstrapX64)}/" Architecture="x86_64" Bootstrap="{images.BootstrapX64}" />
                  <LambdaArchitectureOutput Include="{Path.GetDirectoryName(images.BootstrapArm64)}/" Architecture="arm64" Bootstrap="{images.BootstrapArm64}" />
                </ItemGroup>
              </Target>
            </Project>
            """);
        return ProcessRunner.Run("dotnet", ["msbuild", project, "-t:LambdaInvokeImage", "-p:LambdaInvokeEvent=event.json", "-nologo", "-v:n"],
            environment: new Dictionary<string, string?>
            {
                ["MSBUILDDISABLENODEREUSE"] = "1",
                ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
                ["LAMBDASLIM_CACHE_DIR"] = images.Cache,
            });
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Invokes_each_architecture_after_publish_and_prints_the_response(bool imageBuilt)
    {
        using var folder = new TempDirectory();
        var result = Publish(folder, imageBuilt ? images.Layout : folder.Combine("no-image") + "/", "{\"from\":\"msbuild\"}");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("x86_64 response", result.StandardOutput);
        Assert.Contains("arm64  response", result.StandardOutput);
        Assert.Equal(2, result.StandardOutput.Split("{\"from\":\"msbuild\"}").Length - 1);
        Assert.Contains(imageBuilt ? images.Layout : images.BootstrapArm64, result.StandardOutput);
        Assert.Contains("[arm64] echo-function started", result.StandardOutput);
    }

    [Fact]
    public void A_function_error_fails_the_build_with_LSLIM5108()
    {
        using var folder = new TempDirectory();
        var result = Publish(folder, images.Layout, "{\"action\":\"error\"}");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error LSLIM5108", result.StandardOutput);
        Assert.Contains("EchoError", result.StandardOutput);
    }
}
