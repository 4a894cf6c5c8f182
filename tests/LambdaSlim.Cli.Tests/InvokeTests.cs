using System.Text.Json;
using LambdaSlim.Cli.Tests.Support;

namespace LambdaSlim.Cli.Tests;

/// <summary><c>lambdaslim invoke</c> as a real process on real images of both architectures (arm64 through qemu).</summary>
[Collection(TestImagesCollection.Name)]
public sealed class InvokeTests(TestImages images)
{
    public static TheoryData<string, string> Images => new()
    {
        { "layout", "x86_64" }, { "layout", "arm64" },
        { "archive", "x86_64" }, { "archive", "arm64" },
        { "bootstrap", "x86_64" }, { "bootstrap", "arm64" },
        { "sdk-layout", "x86_64" }, { "sdk-layout", "arm64" },
        { "sdk-archive", "x86_64" }, { "sdk-archive", "arm64" },
    };

    private ProcessResult Invoke(string image, string architecture, string? stdin, params string[] options)
    {
        List<string> arguments = ["invoke", image, .. options];
        if (!image.EndsWith("bootstrap", StringComparison.Ordinal))
        {
            arguments.AddRange(["--arch", architecture]);
        }
        return Lambdaslim.Run(images.Cache, arguments, stdin);
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void Success_prints_the_response_on_stdout_and_the_logs_on_stderr(string kind, string architecture)
    {
        var result = Invoke(images.Image(kind, architecture), architecture, "{\"hello\":\"" + kind + "\"}", "--event", "-");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("{\"hello\":\"" + kind + "\"}", result.StandardOutput.Trim());
        Assert.Contains("echo-function started", result.StandardError);
        Assert.Contains("handling ", result.StandardError);
        Assert.Contains("REPORT RequestId:", result.StandardError);
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void A_function_error_exits_1_with_the_error_document_on_stdout(string kind, string architecture)
    {
        var result = Invoke(images.Image(kind, architecture), architecture, "{\"action\":\"error\"}", "--event", "-");

        Assert.True(result.ExitCode == 1, result.ToString());
        using var error = JsonDocument.Parse(result.StandardOutput);
        Assert.Equal("EchoError", error.RootElement.GetProperty("errorType").GetString());
        Assert.Equal("the event asked for an error", error.RootElement.GetProperty("errorMessage").GetString());
        Assert.Contains("error LSLIM5108:", result.StandardError);
    }

    [Theory]
    [InlineData("layout", "x86_64")]
    [InlineData("layout", "arm64")]
    [InlineData("bootstrap", "arm64")]
    public void The_client_context_reaches_the_handler(string kind, string architecture)
    {
        const string context = "{\"custom\":{\"tenant\":\"acme\"},\"env\":{\"locale\":\"en-GB\"}}";
        var result = Invoke(images.Image(kind, architecture), architecture, "{\"action\":\"context\"}", "--event", "-", "--client-context", context);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(context, result.StandardOutput.Trim());
    }

    [Fact]
    public void An_event_file_and_env_options_reach_the_sandboxed_function()
    {
        using var folder = new TempDirectory();
        var eventFile = folder.Combine("event.json");
        File.WriteAllText(eventFile, "{\"action\":\"env\"}");

        var fromImage = Invoke(images.Layout, "x86_64", null, "--event", eventFile);
        var overridden = Invoke(images.Layout, "x86_64", null, "--event", eventFile, "--env", "LSLIM_TEST_VAR=from-cli");

        Assert.True(fromImage.ExitCode == 0, fromImage.ToString());
        Assert.Equal("{\"var\":\"from-image\",\"taskRoot\":\"/var/task\",\"cwd\":\"/var/task\"}", fromImage.StandardOutput.Trim());
        Assert.Contains("\"var\":\"from-cli\"", overridden.StandardOutput);
    }

    [Theory]
    [InlineData("apigw-v2", "\"routeKey\": \"POST /orders\"")]
    [InlineData("sqs", "\"eventSource\": \"aws:sqs\"")]
    [InlineData("s3", "\"eventSource\": \"aws:s3\"")]
    [InlineData("dynamodb", "\"BOOL\": false")]
    [InlineData("cloudwatch-logs", "\"awslogs\"")]
    public void Built_in_sample_events_are_sent(string sample, string expected)
    {
        var result = Invoke(images.Layout, "x86_64", null, "--event", sample);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(expected, result.StandardOutput);
        using var _ = JsonDocument.Parse(result.StandardOutput);
    }

    [Fact]
    public void Every_sample_document_of_LambdaSlim_Events_is_built_in_as_it_is()
    {
        string samples = Path.Combine(LambdaSlim.Tests.Shared.RepositoryRoot.Path, "src", "Events", "Samples");
        var files = Directory.EnumerateFiles(samples, "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal);

        Assert.Equal(files, EventSource.SampleNames);
        Assert.All(EventSource.SampleNames, name => Assert.Equal(File.ReadAllBytes(Path.Combine(samples, name + ".json")), EventSource.Sample(name)));
    }

    [Fact]
    public void Without_an_event_the_payload_is_an_empty_object()
    {
        var result = Invoke(images.Layout, "x86_64", null);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("{}", result.StandardOutput.Trim());
    }

    [Fact]
    public void A_timeout_exits_1_with_a_timeout_error()
    {
        var result = Invoke(images.Layout, "x86_64", "{\"action\":\"sleep\"}", "--event", "-", "--timeout", "1");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("timed out", result.StandardOutput, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("LSLIM5108", result.StandardError);
    }

    [Fact]
    public void The_image_root_is_read_only_and_the_whiteout_removed_the_lower_layer_file()
    {
        // Run the unpacked rootfs' own view: /etc/kept from layer 2 exists, /etc/removed-later was deleted by layer 2.
        var cache = images.Cache;
        var first = Invoke(images.Layout, "x86_64", null);
        Assert.True(first.ExitCode == 0, first.ToString());
        var rootfs = Path.Combine(cache, "rootfs", images.ManifestDigest("t-x86_64")["sha256:".Length..]);

        Assert.True(File.Exists(Path.Combine(rootfs, "etc", "kept")));
        Assert.False(File.Exists(Path.Combine(rootfs, "etc", "removed-later")));
        Assert.False(File.Exists(Path.Combine(rootfs, "etc", ".wh.removed-later")));
        Assert.True(File.Exists(Path.Combine(rootfs, "var", "task", "bootstrap")));
    }

    [Fact]
    public void No_sandbox_runs_the_unpacked_entrypoint_on_the_host()
    {
        var result = Invoke(images.Layout, "x86_64", "{\"action\":\"env\"}", "--event", "-", "--no-sandbox");

        Assert.True(result.ExitCode == 0, result.ToString());
        var rootfs = Path.Combine(images.Cache, "rootfs", images.ManifestDigest("t-x86_64")["sha256:".Length..]);
        var taskRoot = Path.Combine(rootfs, "var", "task");
        Assert.Equal($"{{\"var\":\"from-image\",\"taskRoot\":\"{taskRoot}\",\"cwd\":\"{taskRoot}\"}}", result.StandardOutput.Trim());
    }

    [Fact]
    public void Missing_bwrap_names_the_package_and_offers_no_sandbox()
    {
        using var emptyPath = new TempDirectory();
        var result = Lambdaslim.Run(images.Cache, ["invoke", images.Layout, "--arch", "x86_64"],
            environment: new Dictionary<string, string?> { ["PATH"] = emptyPath.Path });

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error LSLIM5105:", result.StandardError);
        Assert.Contains("bubblewrap", result.StandardError);
        Assert.Contains("--no-sandbox", result.StandardError);
    }

    [Fact]
    public void Missing_qemu_names_the_package()
    {
        // bwrap stays reachable through a folder holding only a link to it; qemu-aarch64-static does not.
        using var path = new TempDirectory();
        File.CreateSymbolicLink(path.Combine("bwrap"), "/usr/bin/bwrap");
        var result = Lambdaslim.Run(images.Cache, ["invoke", images.Layout, "--arch", "arm64"],
            environment: new Dictionary<string, string?> { ["PATH"] = path.Path });

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error LSLIM5106:", result.StandardError);
        Assert.Contains("qemu-user-static", result.StandardError);
    }

    [Theory]
    [InlineData("does-not-exist", "LSLIM5101")]
    [InlineData("--arch=sparc", "LSLIM5107")]
    [InlineData("--env=NOVALUE", "LSLIM5107")]
    [InlineData("--event=no-such-file.json", "LSLIM5107")]
    [InlineData("--timeout=0", "LSLIM5107")]
    public void Usage_errors_exit_2_with_a_code(string argument, string code)
    {
        string[] arguments = argument == "does-not-exist"
            ? ["invoke", "/nonexistent/image"]
            : ["invoke", images.Layout, argument];
        var result = Lambdaslim.Run(images.Cache, arguments);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"error {code}:", result.StandardError);
    }

    [Fact]
    public void A_bootstrap_for_another_architecture_than_asked_is_refused()
    {
        var result = Lambdaslim.Run(images.Cache, ["invoke", images.BootstrapArm64, "--arch", "x86_64"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error LSLIM5102:", result.StandardError);
    }
}
