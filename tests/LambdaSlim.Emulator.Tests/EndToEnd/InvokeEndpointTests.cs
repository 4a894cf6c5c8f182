using System.Net;
using System.Text;
using System.Text.Json;
using LambdaSlim.Emulator.Tests.Support;

namespace LambdaSlim.Emulator.Tests.EndToEnd;

/// <summary>The AWS emulator's HTTP invoke endpoint, driven with a real HTTP client, as curl or an SDK would.</summary>
[Collection(FunctionProcessCollection.Name)]
public sealed class InvokeEndpointTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(60) };

    private static HttpRequestMessage Invoke(InvokeEndpoint endpoint, string json, string? clientContextJson = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint.InvokeUrl) { Content = new StringContent(json) };
        if (clientContextJson is not null)
        {
            request.Headers.Add("X-Amz-Client-Context", Convert.ToBase64String(Encoding.UTF8.GetBytes(clientContextJson)));
        }
        return request;
    }

    [Fact]
    public async Task Client_context_travels_base64_to_the_handler_decoded()
    {
        await using var harness = new EmulatorHarness();
        await using var endpoint = InvokeEndpoint.Start(harness.Emulator);
        var context = "{\"client\":{\"app_title\":\"tests\"},\"custom\":{\"k\":\"vé\"}}";
        using var response = await Http.SendAsync(Invoke(endpoint, "{\"action\":\"echo\"}", context));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("X-Amz-Function-Error"));
        var echo = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(context, echo.GetProperty("clientContext").GetString());
        Assert.Equal(response.Headers.GetValues("X-Amzn-RequestId").Single(), echo.GetProperty("requestId").GetString());
    }

    [Fact]
    public async Task The_tenant_id_header_reaches_the_handlers_context()
    {
        await using var harness = new EmulatorHarness();
        await using var endpoint = InvokeEndpoint.Start(harness.Emulator);
        var request = Invoke(endpoint, "{\"action\":\"echo\"}");
        request.Headers.Add("X-Amz-Tenant-Id", "tenant-42");
        using var response = await Http.SendAsync(request);

        var echo = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("tenant-42", echo.GetProperty("tenantId").GetString());
    }

    [Fact]
    public async Task A_function_error_is_200_with_the_error_document_and_X_Amz_Function_Error()
    {
        await using var harness = new EmulatorHarness();
        await using var endpoint = InvokeEndpoint.Start(harness.Emulator);
        using var response = await Http.SendAsync(Invoke(endpoint, "{\"action\":\"throw\",\"message\":\"nope\"}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Unhandled", response.Headers.GetValues("X-Amz-Function-Error").Single());
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("nope", error.GetProperty("errorMessage").GetString());
    }

    [Fact]
    public async Task A_failed_init_is_502_with_the_init_error()
    {
        await using var harness = new EmulatorHarness(environment: new Dictionary<string, string> { ["LAMBDASLIM_TEST_INIT_FAIL"] = "1" });
        await using var endpoint = InvokeEndpoint.Start(harness.Emulator);
        using var response = await Http.SendAsync(Invoke(endpoint, "{\"action\":\"echo\"}"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("InvalidOperationException", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Streamed_responses_are_relayed_chunked_with_error_trailers()
    {
        await using var harness = new EmulatorHarness(environment: new Dictionary<string, string> { ["LAMBDASLIM_TEST_MODE"] = "stream" });
        await using var endpoint = InvokeEndpoint.Start(harness.Emulator);
        using var client = new RawHttpClient(endpoint.Port);
        await client.SendAsync(RawHttpClient.Post(InvokeEndpoint.InvokePath, "{\"action\":\"stream\",\"chunks\":3}"));
        var ok = await client.ReadResponseAsync();
        Assert.Equal(200, ok.Status);
        Assert.Equal("chunked", ok.Headers["Transfer-Encoding"]);
        Assert.Equal("chunk 0\nchunk 1\nchunk 2\n", ok.BodyText);
        Assert.Empty(ok.Trailers);

        await client.SendAsync(RawHttpClient.Post(InvokeEndpoint.InvokePath, "{\"action\":\"stream-error\"}"));
        var failed = await client.ReadResponseAsync();
        Assert.Equal(200, failed.Status);
        Assert.Equal("partial 0\npartial 1\n", failed.BodyText);
        Assert.Equal("Unhandled", failed.Trailers["X-Amz-Function-Error"]);
        Assert.Contains("BehaviorTestException", failed.Trailers["Lambda-Runtime-Function-Error-Type"]);
        var document = Encoding.UTF8.GetString(Convert.FromBase64String(failed.Trailers["Lambda-Runtime-Function-Error-Body"]));
        Assert.Contains("failed after streaming started", document);
    }

    [Fact]
    public async Task After_a_timeout_the_endpoint_answers_like_Lambda_and_the_next_invoke_gets_a_new_process()
    {
        await using var harness = new EmulatorHarness(timeout: TimeSpan.FromSeconds(2));
        await using var endpoint = InvokeEndpoint.Start(harness.Emulator);
        for (var i = 0; i < 5; i++)
        {
            using var warm = await Http.SendAsync(Invoke(endpoint, "{\"action\":\"echo\"}"));
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }
        using var frozen = await Http.SendAsync(Invoke(endpoint, "{\"action\":\"freeze\"}"));
        using var after = await Http.SendAsync(Invoke(endpoint, "{\"action\":\"echo\"}"));

        Assert.Equal(HttpStatusCode.OK, frozen.StatusCode);
        Assert.Equal("Unhandled", frozen.Headers.GetValues("X-Amz-Function-Error").Single());
        Assert.Contains("Sandbox.Timedout", await frozen.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.True(JsonDocument.Parse(await after.Content.ReadAsStringAsync()).RootElement.GetProperty("isColdStart").GetBoolean());
        Assert.Equal(2, harness.Emulator.Counters.ProcessStarts);
    }

    [Fact]
    public async Task Bad_requests_are_refused_without_reaching_the_function()
    {
        await using var harness = new EmulatorHarness();
        await using var endpoint = InvokeEndpoint.Start(harness.Emulator);
        var request = Invoke(endpoint, "{}");
        request.Headers.Add("X-Amz-Client-Context", "not base64!");
        using var badContext = await Http.SendAsync(request);
        using var wrongPath = await Http.PostAsync(new Uri(endpoint.InvokeUrl, "/2015-03-31/functions/function/other"), new StringContent("{}"));
        using var tooLarge = await Http.PostAsync(endpoint.InvokeUrl, new ByteArrayContent(new byte[LambdaEmulator.MaxPayloadBytes + 1]));

        Assert.Equal(HttpStatusCode.BadRequest, badContext.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, wrongPath.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal(0, harness.Emulator.Counters.ProcessStarts);
    }

    [Fact]
    public async Task A_taken_port_is_a_coded_error()
    {
        await using var harness = new EmulatorHarness();
        await using var first = InvokeEndpoint.Start(harness.Emulator);
        var error = Assert.Throws<LambdaSlim.Core.LambdaSlimException>(() => InvokeEndpoint.Start(harness.Emulator, first.Port));
        Assert.Equal(EmulatorErrorCodes.PortInUse, error.Code);
    }
}
