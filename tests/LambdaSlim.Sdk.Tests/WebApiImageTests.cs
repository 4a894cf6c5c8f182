using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using LambdaSlim.Emulator;
using LambdaSlim.Sdk.Tests.Infrastructure;

namespace LambdaSlim.Sdk.Tests;

/// <summary>
/// test-projects/WebApi, an ASP.NET Core minimal API in a Microsoft.NET.Sdk.Web project, published with only
/// -p:PublishLambdaImage=true (NativeAOT, both architectures) and run inside its own image through the Runtime API
/// emulator (x86_64 natively, arm64 under qemu), fed by API Gateway HTTP API (v2), REST API (v1) and ALB events.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class WebApiImageTests(PublishedSamples samples)
{
    public static TheoryData<string, string> ArchitecturesAndSources => new()
    {
        { "x86_64", "HttpApi" }, { "x86_64", "RestApi" }, { "x86_64", "ApplicationLoadBalancer" },
        { "arm64", "HttpApi" }, { "arm64", "RestApi" }, { "arm64", "ApplicationLoadBalancer" },
    };

    [Fact]
    public async Task The_web_project_publishes_without_a_single_AOT_or_trim_warning_and_its_image_holds_bootstrap_and_appsettings_json()
    {
        var published = await samples.WebApiDefault;

        Assert.DoesNotMatch(@"warning (IL|SYSLIB)\d+", published.Publish.Output);
        // No ContainerPort/ASPNETCORE_URLS or web.config: /var/task is the binary and the app's settings, nothing of the build.
        foreach (string architecture in new[] { "x86_64", "arm64" })
        {
            Assert.Equal(["var/", "var/task/", "var/task/appsettings.json", "var/task/bootstrap"], AppLayerEntries(published, architecture));
        }
        using var config = JsonDocument.Parse(ImageBlob(published, "x86_64", m => m.GetProperty("config")));
        var environment = config.RootElement.GetProperty("config").GetProperty("Env").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.DoesNotContain(environment, e => e.StartsWith("ASPNETCORE_", StringComparison.Ordinal));
        Assert.False(config.RootElement.GetProperty("config").TryGetProperty("ExposedPorts", out _));
    }

    [Theory]
    [MemberData(nameof(ArchitecturesAndSources))]
    public async Task The_image_answers_every_route_of_each_event_source_and_survives_an_exception(string architecture, string sourceName)
    {
        var source = HttpEventSource.Named(sourceName);
        var published = await samples.WebApiDefault;
        await using var session = Start(published, architecture);

        async Task<(HttpAnswer Answer, InvocationResult Result)> SendAsync(HttpRequestSpec request)
        {
            var invocation = await session.InvokeAsync(source.Event(request));
            Assert.True(invocation.Result.Status == InvocationStatus.Success, invocation.ToString());
            return (source.ReadAnswer(invocation.Result.PayloadText), invocation.Result);
        }

        await WebApiRoutes.AssertRoutesAsync(async request => (await SendAsync(request)).Answer);

        var (info, infoResult) = await SendAsync(WebApiRoutes.Info);
        using (var body = JsonDocument.Parse(info.Body))
        {
            var facts = body.RootElement;
            // Content root = LAMBDA_TASK_ROOT, where appsettings.json sits next to bootstrap.
            Assert.Equal("/var/task", facts.GetProperty("contentRoot").GetString());
            Assert.Equal("Hello from appsettings.json", facts.GetProperty("greeting").GetString());
            Assert.Equal(infoResult.RequestId, facts.GetProperty("traceIdentifier").GetString());
            Assert.Equal(infoResult.RequestId, facts.GetProperty("lambdaRequestId").GetString());
            Assert.Equal(source.Name, facts.GetProperty("eventSource").GetString());
            Assert.Equal(HttpEventSource.ClientIp, facts.GetProperty("remoteIp").GetString());
            Assert.Equal(source == HttpEventSource.LoadBalancer ? "http" : "https", facts.GetProperty("scheme").GetString());
            Assert.Equal(source.PathBase, facts.GetProperty("pathBase").GetString());
        }

        var (boom, boomResult) = await SendAsync(WebApiRoutes.Boom);
        Assert.Equal(500, boom.StatusCode);
        Assert.Empty(boom.Body);
        var (after, afterResult) = await SendAsync(WebApiRoutes.FirstOrder);
        Assert.Equal(200, after.StatusCode);
        // The same process served it: no new init after the exception.
        Assert.False(afterResult.IsColdStart);
        Assert.Contains(session.Output.Split('\n'), line => line.Contains("LSLIM7002") && line.Contains(boomResult.RequestId));
        Assert.Contains("The order book is on fire.", session.Output);
    }

    [Fact]
    public async Task A_streamed_response_over_6_MB_arrives_whole_and_an_error_mid_stream_ends_it_with_the_error()
    {
        var published = await samples.WebApiDefault;
        await using var session = Start(published, "x86_64", new Dictionary<string, string> { ["WEBAPI_STREAMING"] = "true" });

        var download = await session.InvokeAsync(HttpEventSource.HttpApi.Event(new HttpRequestSpec("GET", "/download/7")));

        Assert.True(download.Result.Status == InvocationStatus.Success, download.ToString());
        Assert.True(download.Result.IsStreamed);
        Assert.Equal("application/vnd.awslambda.http-integration-response", download.Result.ContentType);
        var (head, body) = SplitPrelude(download.Result.Payload);
        Assert.Equal(200, head.RootElement.GetProperty("statusCode").GetInt32());
        Assert.Equal("application/octet-stream", head.RootElement.GetProperty("headers").GetProperty("Content-Type").GetString());
        Assert.True(body.Length > LambdaEmulator.MaxPayloadBytes);
        byte[] piece = WebApiRoutes.DownloadPiece();
        Assert.Equal(7 * piece.Length, body.Length);
        for (int i = 0; i < 7; i++)
        {
            Assert.True(body.Slice(i * piece.Length, piece.Length).Span.SequenceEqual(piece), $"piece {i} differs");
        }

        var broken = await session.InvokeAsync(HttpEventSource.HttpApi.Event(new HttpRequestSpec("GET", "/broken-download")));

        Assert.Equal(InvocationStatus.FunctionError, broken.Result.Status);
        Assert.True(broken.Result.IsStreamed);
        Assert.Contains("The disk went away halfway through the download.", broken.Result.ErrorDocumentText);
        var (brokenHead, brokenBody) = SplitPrelude(broken.Result.Payload);
        Assert.Equal(200, brokenHead.RootElement.GetProperty("statusCode").GetInt32());
        Assert.True(brokenBody.Span.SequenceEqual(WebApiRoutes.DownloadPiece(64 * 1024)));

        // The process goes on serving.
        var next = await session.InvokeAsync(HttpEventSource.HttpApi.Event(WebApiRoutes.FirstOrder));
        Assert.True(next.Result.Status == InvocationStatus.Success, next.ToString());
        Assert.False(next.Result.IsColdStart);
        var (nextHead, nextBody) = SplitPrelude(next.Result.Payload);
        Assert.Equal(200, nextHead.RootElement.GetProperty("statusCode").GetInt32());
        Assert.Equal("""{"id":1,"item":"coffee","quantity":2}""", Encoding.UTF8.GetString(nextBody.Span));
    }

    [Fact]
    public async Task With_AWS_LAMBDA_MAX_CONCURRENCY_above_1_requests_are_served_at_the_same_time()
    {
        const int Concurrency = 4;
        var published = await samples.WebApiDefault;
        await using var session = Start(published, "x86_64", maxConcurrency: Concurrency);
        // /together/4 answers only once four requests are inside the app's pipeline at once (504 after 20 s alone).
        string @event = HttpEventSource.HttpApi.Event(new HttpRequestSpec("GET", $"/together/{Concurrency}"));

        var invocations = await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(_ => session.InvokeAsync(@event)));

        foreach (var invocation in invocations)
        {
            Assert.True(invocation.Result.Status == InvocationStatus.Success, invocation.ToString());
            var answer = HttpEventSource.HttpApi.ReadAnswer(invocation.Result.PayloadText);
            Assert.Equal(200, answer.StatusCode);
            Assert.Equal(Concurrency.ToString(), answer.Text);
        }
        Assert.Equal(Concurrency, invocations.Select(i => i.Result.RequestId).Distinct().Count());
    }

    private static ImageSession Start(PublishedSample published, string architecture, Dictionary<string, string>? environment = null,
        int maxConcurrency = 1) =>
        ImageInvoker.Start(Path.Combine(published.Workspace.LambdaOutput, "image"), architecture,
            Path.Combine(published.Workspace.Directory, "local-cache"), environment, maxConcurrency);

    /// <summary>A function URL stream: the JSON head, eight NUL bytes, then the body.</summary>
    private static (JsonDocument Head, ReadOnlyMemory<byte> Body) SplitPrelude(ReadOnlyMemory<byte> stream)
    {
        int separator = stream.Span.IndexOf(new byte[8]);
        Assert.True(separator > 0, "no prelude separator in the stream");
        return (JsonDocument.Parse(stream[..separator]), stream[(separator + 8)..]);
    }

    private static List<string> AppLayerEntries(PublishedSample published, string architecture)
    {
        byte[] layer = ImageBlob(published, architecture, m => m.GetProperty("layers").EnumerateArray().Last());
        using var reader = new TarReader(new GZipStream(new MemoryStream(layer), CompressionMode.Decompress));
        var entries = new List<string>();
        while (reader.GetNextEntry() is { } entry)
        {
            entries.Add(entry.Name);
        }
        return entries;
    }

    /// <summary>A blob of the architecture's manifest (tag latest-ARCH), chosen by <paramref name="descriptor"/>.</summary>
    private static byte[] ImageBlob(PublishedSample published, string architecture, Func<JsonElement, JsonElement> descriptor)
    {
        string layout = Path.Combine(published.Workspace.LambdaOutput, "image");
        byte[] Blob(string digest) => File.ReadAllBytes(Path.Combine(layout, "blobs", "sha256", digest["sha256:".Length..]));
        using var index = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(layout, "index.json")));
        string manifestDigest = index.RootElement.GetProperty("manifests").EnumerateArray()
            .Single(m => m.TryGetProperty("annotations", out var a) && a.GetProperty("org.opencontainers.image.ref.name").GetString() == $"latest-{architecture}")
            .GetProperty("digest").GetString()!;
        using var manifest = JsonDocument.Parse(Blob(manifestDigest));
        return Blob(descriptor(manifest.RootElement).GetProperty("digest").GetString()!);
    }
}
