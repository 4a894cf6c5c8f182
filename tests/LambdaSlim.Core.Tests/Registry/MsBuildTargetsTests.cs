using LambdaSlim.Tests.Shared;
using System.Diagnostics;
using System.Text;
using LambdaSlim.Core.Registry.Push;
using LambdaSlim.Core.Tests.Registry.Support;


namespace LambdaSlim.Core.Tests.Registry;

/// <summary>
/// Runs the real LambdaSlim.Push.targets through `dotnet msbuild` with the built task assembly, against a real
/// htpasswd-protected docker-registry: the pull target hands @(LambdaBaseImageLayout) on, the push target
/// pushes the layout, and the full build log never shows the password.
/// </summary>
public sealed class MsBuildTargetsTests
{
    private const string User = "msbuild";
    private const string Password = "Msbuild-Pa55-Secret";

    // The task assembly is copied beside the tests; loading its types here would need MSBuild's own assemblies.
    private static readonly string TasksAssembly = Path.Combine(AppContext.BaseDirectory, "LambdaSlim.Tasks.dll");

    [Fact]
    public async Task PullAndPushTargets_WorkThroughMsBuild_AndTheBuildLogHoldsNoSecret()
    {
        using var registry = DockerRegistry.StartWithHtpasswd(User, Password);
        var environment = TestOptions.Environment();
        environment["DOTNET_CONTAINER_REGISTRY_UNAME"] = User;
        environment["DOTNET_CONTAINER_REGISTRY_PWORD"] = Password;
        var baseImage = TestImages.Build("al2023", [5000], [5000], seed: 7);
        await new ImagePusher(TestOptions.Create(new CapturingLog(), environment)).PushAsync(
            new PushRequest(baseImage.LayoutPath, registry.Host, "lambda/provided", ["al2023"]), CancellationToken.None);

        var image = TestImages.Build("1.0", [20_000], [20_000]);
        var project = Tool.TempDirectory();
        var outputRoot = Path.Combine(project, "bin", "Release", "lambda") + "/";
        CopyDirectory(image.LayoutPath, Path.Combine(outputRoot, "image"));
        var cache = Path.Combine(project, "cache");
        File.WriteAllText(Path.Combine(project, "fn.proj"), $"""
            <Project>
              <PropertyGroup>
                <LambdaSlimTasksAssembly>{TasksAssembly}</LambdaSlimTasksAssembly>
                <AssemblyName>My.Function</AssemblyName>
                <LambdaOutputRoot>{outputRoot}</LambdaOutputRoot>
                <LambdaArchitectures>x86_64;arm64</LambdaArchitectures>
              </PropertyGroup>
              <Import Project="{SdkTargets("LambdaSlim.ImageName.targets")}" />
              <Import Project="{SdkTargets("LambdaSlim.Push.targets")}" />
              <Target Name="Report" DependsOnTargets="LambdaPullBaseImage;LambdaPushImage">
                <Message Importance="High" Text="BASE %(LambdaBaseImageLayout.Architecture) %(LambdaBaseImageLayout.ManifestDigest) %(LambdaBaseImageLayout.Identity)" />
                <Message Importance="High" Text="PUSHED %(LambdaPushedImage.Identity) %(LambdaPushedImage.Uri)" />
                <Message Importance="High" Text="INDEX $(LambdaPushedIndexDigest)" />
              </Target>
            </Project>
            """);

        var (exitCode, buildLog) = RunMsBuild(project, environment,
            "-t:Report", $"-p:ContainerRegistry={registry.Host}", "-p:ContainerImageTag=1.0",
            $"-p:LambdaBaseImage={registry.Host}/lambda/provided:al2023", $"-p:LambdaBaseImageCacheDirectory={cache}");

        Assert.True(exitCode == 0, buildLog);
        Assert.Contains($"BASE arm64 {baseImage.ManifestDigests["arm64"]} {cache}", buildLog);
        Assert.Contains($"BASE x86_64 {baseImage.ManifestDigests["x86_64"]} {cache}", buildLog);
        Assert.Contains($"PUSHED arm64 {registry.Host}/my.function@{image.ManifestDigests["arm64"]}", buildLog);
        Assert.Contains($"INDEX {image.IndexDigest}", buildLog);
        foreach (var secret in new[] { Password, Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}")), Convert.ToBase64String(Encoding.UTF8.GetBytes(Password)) })
        {
            Assert.DoesNotContain(secret, buildLog);
        }
    }

    [Fact]
    public void PushTarget_WithoutContainerRegistry_DoesNothing_AndAWrongPasswordFailsWithTheCode()
    {
        using var registry = DockerRegistry.StartWithHtpasswd(User, Password);
        var image = TestImages.Build("latest", [100], [100]);
        var project = Tool.TempDirectory();
        File.WriteAllText(Path.Combine(project, "fn.proj"), $"""
            <Project>
              <PropertyGroup>
                <LambdaSlimTasksAssembly>{TasksAssembly}</LambdaSlimTasksAssembly>
                <AssemblyName>fn</AssemblyName>
                <LambdaImageDirectory>{image.LayoutPath}</LambdaImageDirectory>
              </PropertyGroup>
              <Import Project="{SdkTargets("LambdaSlim.ImageName.targets")}" />
              <Import Project="{SdkTargets("LambdaSlim.Push.targets")}" />
            </Project>
            """);
        var environment = TestOptions.Environment();
        environment["DOTNET_CONTAINER_PUSH_REGISTRY_UNAME"] = User;
        environment["DOTNET_CONTAINER_PUSH_REGISTRY_PWORD"] = "Wrong-Pa55-Secret";

        var (skippedExit, skippedLog) = RunMsBuild(project, environment, "-t:LambdaPushImage");
        Assert.Equal(0, skippedExit);
        Assert.DoesNotContain("Pushed", skippedLog);

        var (exitCode, buildLog) = RunMsBuild(project, environment, "-t:LambdaPushImage", $"-p:ContainerRegistry={registry.Host}");
        Assert.NotEqual(0, exitCode);
        Assert.Contains("error LSLIM3001", buildLog);
        Assert.DoesNotContain("Wrong-Pa55-Secret", buildLog);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:Wrong-Pa55-Secret")), buildLog);
    }

    private static (int ExitCode, string Log) RunMsBuild(string project, Dictionary<string, string?> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = project };
        foreach (var argument in new[] { "msbuild", Path.Combine(project, "fn.proj"), "-nologo", "-v:d", "-nodeReuse:false" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment.Where(e => e.Key != "HOME"))
        {
            start.Environment[name] = value;
        }
        // An empty docker config: the machine's own ~/.docker must not influence the test.
        start.Environment["DOCKER_CONFIG"] = Tool.TempDirectory();
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>A targets file of the SDK as the package ships it; the image name rules come with the push targets.</summary>
    private static string SdkTargets(string name)
        => Path.Combine(LambdaSlim.Tests.Shared.RepositoryRoot.Path, "src", "Sdk", "build", name);

    private static void CopyDirectory(string source, string destination)
    {
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
