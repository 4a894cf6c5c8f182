using System.Text.Json;
using LambdaSlim.Emulator;
using LambdaSlim.Sdk.Tests.Infrastructure;

namespace LambdaSlim.Sdk.Tests;

/// <summary>`dotnet publish -p:PublishLambdaImage=true` on a sample outside the repository, with nothing else set.</summary>
[Collection(SdkCollection.Name)]
public sealed class PublishTests(PublishedSamples samples)
{
    [Theory]
    [InlineData("x86_64", "x86-64")]
    [InlineData("arm64", "ARM aarch64")]
    public async Task Default_publish_builds_a_native_bootstrap_for_both_architectures(string architecture, string fileDescription)
    {
        var published = await samples.HelloDefault;
        var bootstrap = published.Workspace.Bootstrap(architecture);

        Assert.True(File.Exists(bootstrap), $"no {bootstrap}\n{published.Publish}");
        var file = await ProcessRunner.RunAsync("file", ["-b", bootstrap], published.Workspace.Directory);
        Assert.Contains(fileDescription, file.StandardOutput);
        Assert.Contains("ELF 64-bit", file.StandardOutput);
        // Symbols are split into a .dbg file beside bootstrap (named after the assembly, as the debug link says).
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(bootstrap)!, "Hello.dbg")));
        // One summary line per architecture: arch, mode, size, path.
        Assert.Matches($@"LambdaSlim: {architecture}\s+Aot\s+[0-9.]+ MB -> {System.Text.RegularExpressions.Regex.Escape(bootstrap)}", published.Publish.Output);
    }

    [Theory]
    [InlineData("x86_64", "ld-linux-x86-64.so.2")]
    [InlineData("arm64", "ld-linux-aarch64.so.1")]
    public async Task Aot_invariant_bootstrap_needs_only_libc_libm_and_the_loader(string architecture, string loader)
    {
        var published = await samples.HelloDefault;
        var readelf = await ProcessRunner.RunAsync("readelf", ["-d", published.Workspace.Bootstrap(architecture)], published.Workspace.Directory);

        var needed = readelf.StandardOutput.Split('\n')
            .Where(l => l.Contains("(NEEDED)", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf('[') + 1)..l.IndexOf(']')])
            .ToHashSet();
        Assert.Subset(new HashSet<string> { "libc.so.6", "libm.so.6", loader }, needed);
        Assert.Contains("libc.so.6", needed);
    }

    [Theory]
    [InlineData("x86_64")]
    [InlineData("arm64")]
    public async Task Aot_bootstrap_binds_the_runtime_clients_libc_calls_at_link_time(string architecture)
    {
        // Without DirectPInvoke the binary keeps the module name "libc" for a dlopen at the first call, which
        // probes dozens of paths on every cold start.
        var published = await samples.HelloDefault;
        byte[] binary = await File.ReadAllBytesAsync(published.Workspace.Bootstrap(architecture));
        Assert.Equal(-1, binary.AsSpan().IndexOf("\0libc\0"u8));
    }

    [Theory]
    [InlineData("x86_64", "X64")]
    [InlineData("arm64", "Arm64")]
    public async Task Published_bootstrap_answers_an_invoke(string architecture, string processArchitecture)
    {
        var published = await samples.HelloDefault;

        var result = await FunctionInvoker.InvokeOnceAsync(published.Workspace.Bootstrap(architecture), architecture, """{"hello":"world"}""");

        Assert.Equal(InvocationStatus.Success, result.Status);
        using var answer = JsonDocument.Parse(result.PayloadText);
        Assert.Equal("Hello from LambdaSlim", answer.RootElement.GetProperty("message").GetString());
        Assert.Equal(processArchitecture, answer.RootElement.GetProperty("architecture").GetString());
        Assert.Equal(17, answer.RootElement.GetProperty("eventBytes").GetInt32());
    }

    [Fact]
    public async Task A_second_publish_with_nothing_changed_does_not_link_again()
    {
        var published = await samples.HelloDefault;
        var bootstrap = published.Workspace.Bootstrap("x86_64");
        var before = File.GetLastWriteTimeUtc(bootstrap);

        var again = await published.Workspace.PublishAsync("-p:PublishLambdaImage=true", "-v:n");

        Assert.Equal(0, again.ExitCode);
        // Both architectures skip the native compile and link: their outputs are up to date.
        Assert.Equal(2, CountOccurrences(again.Output, "Skipping target \"LinkNative\" because all output files are up-to-date"));
        Assert.Equal(2, CountOccurrences(again.Output, "Skipping target \"IlcCompile\" because all output files are up-to-date"));
        Assert.Equal(before, File.GetLastWriteTimeUtc(bootstrap));
    }

    [Fact]
    public async Task LambdaArchitectures_arm64_builds_only_arm64_and_an_explicit_rid_is_honoured_alone()
    {
        var published = await samples.GetAsync("hello-arm64", "Hello", "-p:PublishLambdaImage=true", "-p:LambdaArchitectures=arm64");
        Assert.True(File.Exists(published.Workspace.Bootstrap("arm64")));
        Assert.False(Directory.Exists(Path.Combine(published.Workspace.LambdaOutput, "x86_64")));

        // -r linux-arm64 (the inner build is already up to date, so this is quick) is that single architecture.
        Directory.Delete(published.Workspace.LambdaOutput, recursive: true);
        var withRid = await published.Workspace.PublishAsync("-p:PublishLambdaImage=true", "-r", "linux-arm64");
        Assert.Equal(0, withRid.ExitCode);
        Assert.True(File.Exists(published.Workspace.Bootstrap("arm64")), withRid.Output);
        Assert.False(Directory.Exists(Path.Combine(published.Workspace.LambdaOutput, "x86_64")), withRid.Output);

        var file = await ProcessRunner.RunAsync("file", ["-b", published.Workspace.Bootstrap("arm64")], published.Workspace.Directory);
        Assert.Contains("ARM aarch64", file.StandardOutput);
    }

    [Theory]
    [InlineData("x86_64", "X64")]
    [InlineData("arm64", "Arm64")]
    public async Task Trimmed_mode_publishes_a_self_contained_ready_to_run_app_that_answers(string architecture, string processArchitecture)
    {
        var published = await samples.GetAsync("hello-trimmed", "Hello", "-p:PublishLambdaImage=true", "-p:LambdaPublishMode=Trimmed");
        var folder = Path.Combine(published.Workspace.LambdaOutput, architecture);

        Assert.True(File.Exists(Path.Combine(folder, "bootstrap")));
        Assert.True(File.Exists(Path.Combine(folder, "Hello.dll")));
        Assert.True(File.Exists(Path.Combine(folder, "libcoreclr.so")), "self-contained: the runtime ships with the app");
        Assert.Matches($@"LambdaSlim: {architecture}\s+Trimmed\s+[0-9.]+ MB in \d+ files", published.Publish.Output);

        var result = await FunctionInvoker.InvokeOnceAsync(Path.Combine(folder, "bootstrap"), architecture, "{}");
        Assert.Equal(InvocationStatus.Success, result.Status);
        Assert.Contains($"\"architecture\":\"{processArchitecture}\"", result.PayloadText);
    }

    private static int CountOccurrences(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
