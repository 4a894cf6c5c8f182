using LambdaSlim.Sdk.Tests.Infrastructure;

namespace LambdaSlim.Sdk.Tests;

/// <summary>Every bad input fails fast with its LSLIM code and a sentence saying what to do, and writes nothing.</summary>
[Collection(SdkCollection.Name)]
public sealed class BadInputTests
{
    [Theory]
    [InlineData("LSLIM1001", "set LambdaArchitectures to", "-p:LambdaArchitectures=x64")]
    [InlineData("LSLIM1001", "architecture Lambda does not run", "-r", "linux-arm")]
    [InlineData("LSLIM1002", "Set <OutputType>Exe</OutputType>", "-p:OutputType=Library")]
    [InlineData("LSLIM1004", "not a Linux runtime identifier", "-r", "win-x64")]
    [InlineData("LSLIM1005", "targets musl", "-r", "linux-musl-x64")]
    [InlineData("LSLIM1006", "LambdaPublishMode is 'Fast'", "-p:LambdaPublishMode=Fast")]
    [InlineData("LSLIM1007", "LambdaGlobalization is 'Turkish'", "-p:LambdaGlobalization=Turkish")]
    [InlineData("LSLIM1008", "Give one of them", "-r", "linux-x64", "-p:LambdaArchitectures=arm64")]
    [InlineData("LSLIM1009", "LambdaRuntimeClient is 'Amazon'", "-p:LambdaRuntimeClient=Amazon")]
    public async Task Bad_input_gets_its_code_and_the_fix(string code, string hint, params string[] arguments)
    {
        var workspace = SampleWorkspace.Create("Hello", "bad-" + string.Join('-', arguments).Replace(":", "").Replace("=", "").Replace(" ", ""));

        var result = await workspace.PublishAsync(["-p:PublishLambdaImage=true", .. arguments]);

        AssertFailsWith(result, code, hint, workspace);
    }

    [Fact]
    public async Task A_target_framework_below_net8_gets_LSLIM1003()
    {
        var workspace = SampleWorkspace.Create("Hello", "bad-tfm");
        workspace.EditProject(p => p.Replace("<TargetFramework>net10.0</TargetFramework>", "<TargetFramework>net6.0</TargetFramework>"));

        var result = await workspace.PublishAsync("-p:PublishLambdaImage=true");

        AssertFailsWith(result, "LSLIM1003", "need net8.0 or later", workspace);
    }

    [Fact]
    public async Task A_missing_native_toolchain_is_named_with_its_Debian_packages()
    {
        var workspace = SampleWorkspace.Create("Hello", "bad-toolchain");
        // A PATH with nothing but dotnet: no clang, gcc, linkers or objcopy.
        var bin = Path.Combine(workspace.Directory, "only-dotnet");
        Directory.CreateDirectory(bin);
        File.CreateSymbolicLink(Path.Combine(bin, "dotnet"), ResolveDotNet());

        var result = await workspace.DotNetAsync(["publish", "-p:PublishLambdaImage=true"], new Dictionary<string, string?> { ["PATH"] = bin });

        AssertFailsWith(result, "LSLIM1010", "apt-get install -y clang", workspace);
        Assert.Contains("NativeAOT for x86_64", result.Output);
        Assert.Contains("NativeAOT for arm64", result.Output);
        Assert.Contains("binutils-aarch64-linux-gnu", result.Output);
    }

    [Fact]
    public async Task Aot_warnings_are_shown_and_become_LSLIM1020_errors_on_request()
    {
        var workspace = SampleWorkspace.Create("Hello", "aot-warnings");
        // A library that serialises through reflection: System.Text.Json without metadata is not AOT-safe.
        File.WriteAllText(Path.Combine(workspace.Directory, "Reflective.cs"), """
            public static class Reflective
            {
                public static string Describe(object value) => System.Text.Json.JsonSerializer.Serialize(value);
            }
            """);
        File.WriteAllText(Path.Combine(workspace.Directory, "Program.cs"), """
            using System.Text;
            using LambdaSlim.Runtime;
            await LambdaRuntime.RunAsync((payload, context) =>
                Task.FromResult<ReadOnlyMemory<byte>>(Encoding.UTF8.GetBytes(Reflective.Describe(new { payload.Length }))));
            """);

        var strict = await workspace.PublishAsync("-p:PublishLambdaImage=true", "-p:LambdaArchitectures=x86_64", "-p:LambdaTreatAotWarningsAsErrors=true");
        Assert.NotEqual(0, strict.ExitCode);
        Assert.Contains("LSLIM1020", strict.Output);
        Assert.Matches("error IL(2026|3050)", strict.Output);
        Assert.False(File.Exists(workspace.Bootstrap("x86_64")), "a failed publish must not leave a bootstrap behind");

        var lenient = await workspace.PublishAsync("-p:PublishLambdaImage=true", "-p:LambdaArchitectures=x86_64");
        Assert.Equal(0, lenient.ExitCode);
        Assert.Matches("warning IL(2026|3050)", lenient.Output);
        Assert.True(File.Exists(workspace.Bootstrap("x86_64")));
    }

    private static void AssertFailsWith(ProcessResult result, string code, string hint, SampleWorkspace workspace)
    {
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"error {code}:", result.Output);
        Assert.Contains(hint, result.Output);
        Assert.False(Directory.Exists(workspace.LambdaOutput), $"bad input must not write lambda output\n{result}");
    }

    private static string ResolveDotNet()
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Select(dir => Path.Combine(dir, "dotnet")).First(File.Exists);
        return new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
    }
}
