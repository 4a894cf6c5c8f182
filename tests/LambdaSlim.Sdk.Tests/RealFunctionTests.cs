using System.Text;
using System.Text.Json;
using LambdaSlim.Emulator;
using LambdaSlim.Sdk.Tests.Infrastructure;

namespace LambdaSlim.Sdk.Tests;

/// <summary>
/// Functions as users write them, published with nothing but -p:PublishLambdaImage=true (and the extra-CA item), run
/// from inside their own image as Lambda runs them: the image's root filesystem read-only under bwrap, a private
/// writable /tmp, uid 993, none of this machine's libraries visible (arm64 through qemu). What .NET loads at run time
/// beyond DT_NEEDED — OpenSSL for TLS and every hash, time-zone data, ICU, name resolution — must be in the image.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class RealFunctionTests(PublishedSamples samples)
{
    [Theory]
    [InlineData("Aot", "x86_64")]
    [InlineData("Aot", "arm64")]
    [InlineData("Trimmed", "x86_64")]
    [InlineData("Trimmed", "arm64")]
    public async Task The_aws_sdk_function_answers_from_its_image_with_signed_calls_over_tls_and_plain_http_to_localhost(string mode, string architecture)
    {
        var published = await samples.Inventory(mode);
        await using var aws = await LocalAwsServices.StartAsync(samples.TestCa);

        var invocation = await InvokeImageAsync(published, architecture, aws.FunctionEnvironment, """{"sku":"sku-42"}""");

        Assert.True(invocation.Result.Status == InvocationStatus.Success, invocation.ToString());
        using var answer = JsonDocument.Parse(invocation.Result.PayloadText);
        Assert.Equal("Lambda mug", answer.RootElement.GetProperty("name").GetString());   // DynamoDB over HTTPS, signed
        Assert.Equal(12, answer.RootElement.GetProperty("shelf").GetInt32());
        Assert.Equal("12.50 EUR", answer.RootElement.GetProperty("price").GetString()); // HttpClient over HTTPS
        Assert.Equal(7, answer.RootElement.GetProperty("stock").GetInt32());             // HttpClient over plain HTTP
        var call = Assert.Single(aws.DynamoDbCalls);
        Assert.Equal("DynamoDB_20120810.GetItem", call.Target);
        Assert.Null(call.SignatureProblem);
    }

    [Fact]
    public async Task The_endpoint_refuses_a_call_signed_with_the_wrong_secret_so_a_signed_call_proves_hmac_works_in_the_image()
    {
        var published = await samples.Inventory("Aot");
        await using var aws = await LocalAwsServices.StartAsync(samples.TestCa);
        var environment = new Dictionary<string, string>(aws.FunctionEnvironment) { ["AWS_SECRET_ACCESS_KEY"] = "not-the-secret-the-endpoint-knows" };

        var invocation = await InvokeImageAsync(published, "x86_64", environment, """{"sku":"sku-42"}""");

        Assert.True(invocation.Result.Status == InvocationStatus.FunctionError, invocation.ToString());
        Assert.Contains("signature", invocation.Result.ErrorDocumentText, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("signature mismatch", Assert.Single(aws.DynamoDbCalls).SignatureProblem);
    }

    [Theory]
    [InlineData("x86_64")]
    [InlineData("arm64")]
    public async Task Time_zones_hashes_hmac_and_gzip_work_in_the_image(string architecture)
    {
        var published = await samples.GetAsync("toolbox-default", "Toolbox", "-p:PublishLambdaImage=true");

        var answer = await ToolboxAnswerAsync(published, architecture);

        Assert.Equal("2026-07-01T14:00 02:00:00", answer.GetProperty("summer").GetString());  // CEST
        Assert.Equal("2026-01-15T13:00 01:00:00", answer.GetProperty("winter").GetString());  // CET
        Assert.Equal("d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592", answer.GetProperty("sha256").GetString());
        Assert.Equal("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8", answer.GetProperty("hmac").GetString());
        Assert.True(answer.GetProperty("gzipRoundTrip").GetBoolean());
        Assert.Equal("invariant", answer.GetProperty("formatted").GetString());
    }

    [Fact]
    public async Task Icu_mode_formats_german_numbers_and_dates_in_the_arm64_image_from_the_default_prerequisites()
    {
        var published = await samples.GetAsync("toolbox-icu-arm64", "Toolbox",
            "-p:PublishLambdaImage=true", "-p:LambdaGlobalization=Icu", "-p:LambdaArchitectures=arm64");

        var answer = await ToolboxAnswerAsync(published, "arm64");

        Assert.Equal("1.234,50 03.12.2026", answer.GetProperty("formatted").GetString());
    }

    [Theory]
    [InlineData("x86_64")]
    [InlineData("arm64")]
    public async Task Hello_stays_small_and_shares_its_base_layer_with_a_function_that_adds_openssl(string architecture)
    {
        var hello = Layers(await samples.HelloDefault, architecture);
        var inventory = Layers(await samples.Inventory("Aot"), architecture);

        Assert.True(hello.Sum(l => l.Bytes) <= 2_500_000, $"Hello's {architecture} image is {hello.Sum(l => l.Bytes):N0} bytes compressed");
        Assert.DoesNotContain(hello, l => l.Role is "openssl" or "ca-certificates" or "tzdata" or "icu");
        Assert.Equal(hello.Single(l => l.Role == "base").Digest, inventory.Single(l => l.Role == "base").Digest);
        Assert.Contains(inventory, l => l.Role == "openssl");
    }

    /// <summary>The layers of one architecture's image, from the publish's report.json: role, digest, compressed bytes.</summary>
    private static List<(string Role, string Digest, long Bytes)> Layers(PublishedSample published, string architecture)
    {
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(published.Workspace.LambdaOutput, "report.json")));
        return report.RootElement.GetProperty("architectures").EnumerateArray()
            .Single(a => a.GetProperty("architecture").GetString() == architecture)
            .GetProperty("layers").EnumerateArray()
            .Select(l => (l.GetProperty("role").GetString()!, l.GetProperty("digest").GetString()!, l.GetProperty("compressedBytes").GetInt64()))
            .ToList();
    }

    private static async Task<JsonElement> ToolboxAnswerAsync(PublishedSample published, string architecture)
    {
        var request = await File.ReadAllTextAsync(Path.Combine(published.Workspace.Directory, "event.json"));
        var invocation = await InvokeImageAsync(published, architecture, new Dictionary<string, string>(), request);
        Assert.True(invocation.Result.Status == InvocationStatus.Success, invocation.ToString());
        return JsonDocument.Parse(invocation.Result.PayloadText).RootElement.Clone();
    }

    private static Task<ImageInvocation> InvokeImageAsync(PublishedSample published, string architecture,
        IReadOnlyDictionary<string, string> environment, string payload) =>
        ImageInvoker.InvokeOnceAsync(Path.Combine(published.Workspace.LambdaOutput, "image"), architecture,
            Path.Combine(published.Workspace.Directory, "local-cache"), payload, environment);
}
