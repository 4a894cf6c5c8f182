using System.Text;
using System.Text.Json;
using LambdaSlim.Runtime.Api;
using LambdaSlim.Runtime.Http;

namespace LambdaSlim.Runtime.Tests;

public class RuntimeApiRequestsTests
{
    private static readonly ErrorReport Error = new("InvalidOperationException", "bad \"input\"\n", ["at A.B()", "at C.D()"]);

    private static string Head(HttpRequest request) => Encoding.UTF8.GetString(HttpRequestWriter.WriteHead(request, "127.0.0.1:9001"));

    private static string? Header(HttpRequest request, string name) =>
        request.Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    [Fact]
    public void NextIsABodilessGet()
    {
        HttpRequest next = RuntimeApiRequests.Next();
        Assert.Equal("GET", next.Method);
        Assert.Equal("/2018-06-01/runtime/invocation/next", next.Path);
        Assert.Equal(
            "GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: 127.0.0.1:9001\r\nUser-Agent: LambdaSlim.Runtime/1\r\n\r\n",
            Head(next));
    }

    [Fact]
    public void ResponsePostsTheBodyWithContentLengthAndEchoesTheInvocationId()
    {
        HttpRequest response = RuntimeApiRequests.Response("req-1", "inv-9", "{\"a\":1}"u8.ToArray(), "application/json");
        Assert.Equal("POST", response.Method);
        Assert.Equal("/2018-06-01/runtime/invocation/req-1/response", response.Path);
        Assert.Equal("inv-9", Header(response, "Lambda-Runtime-Invocation-Id"));
        Assert.Equal("application/json", Header(response, "Content-Type"));
        Assert.Equal(
            "POST /2018-06-01/runtime/invocation/req-1/response HTTP/1.1\r\nHost: 127.0.0.1:9001\r\nUser-Agent: LambdaSlim.Runtime/1\r\n" +
            "Content-Type: application/json\r\nLambda-Runtime-Invocation-Id: inv-9\r\nContent-Length: 7\r\n\r\n",
            Head(response));
    }

    [Fact]
    public void ResponseWithoutInvocationIdOrContentTypeSendsNeither()
    {
        HttpRequest response = RuntimeApiRequests.Response("req-1", null, new byte[3], null);
        Assert.Empty(response.Headers);
        Assert.Contains("Content-Length: 3\r\n", Head(response));
    }

    [Fact]
    public void EmptyResponseStillSendsContentLengthZero()
    {
        Assert.Contains("Content-Length: 0\r\n", Head(RuntimeApiRequests.Response("r", null, ReadOnlyMemory<byte>.Empty, null)));
    }

    [Fact]
    public void ErrorPostsTheErrorDocumentWithItsContentTypeAndErrorTypeHeader()
    {
        HttpRequest error = RuntimeApiRequests.Error("req-1", "inv-9", Error);
        Assert.Equal("POST", error.Method);
        Assert.Equal("/2018-06-01/runtime/invocation/req-1/error", error.Path);
        Assert.Equal("application/vnd.aws.lambda.error+json", Header(error, "Content-Type"));
        Assert.Equal("InvalidOperationException", Header(error, "Lambda-Runtime-Function-Error-Type"));
        Assert.Equal("inv-9", Header(error, "Lambda-Runtime-Invocation-Id"));
        using JsonDocument body = JsonDocument.Parse(error.Body);
        Assert.Equal("bad \"input\"\n", body.RootElement.GetProperty("errorMessage").GetString());
        Assert.Equal("InvalidOperationException", body.RootElement.GetProperty("errorType").GetString());
        Assert.Equal(["at A.B()", "at C.D()"], body.RootElement.GetProperty("stackTrace").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void InitErrorPostsToInitError()
    {
        HttpRequest init = RuntimeApiRequests.InitError(Error);
        Assert.Equal("POST", init.Method);
        Assert.Equal("/2018-06-01/runtime/init/error", init.Path);
        Assert.Equal("InvalidOperationException", Header(init, "Lambda-Runtime-Function-Error-Type"));
        Assert.Equal("application/vnd.aws.lambda.error+json", Header(init, "Content-Type"));
        Assert.Null(Header(init, "Lambda-Runtime-Invocation-Id"));
    }

    [Fact]
    public void StreamingResponseIsChunkedAndDeclaresTheErrorTrailers()
    {
        HttpRequest streaming = RuntimeApiRequests.StreamingResponse("req-1", "inv-9", "application/octet-stream");
        Assert.True(streaming.Chunked);
        Assert.Equal("application/octet-stream", Header(streaming, "Content-Type"));
        Assert.Equal("/2018-06-01/runtime/invocation/req-1/response", streaming.Path);
        Assert.Equal("streaming", Header(streaming, "Lambda-Runtime-Function-Response-Mode"));
        Assert.Equal("Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body", Header(streaming, "Trailer"));
        string head = Head(streaming);
        Assert.Contains("Transfer-Encoding: chunked\r\n", head);
        Assert.DoesNotContain("Content-Length", head);
    }

    [Fact]
    public void StreamingResponseDeclaresTheContentTypeTheHostChose()
    {
        HttpRequest streaming = RuntimeApiRequests.StreamingResponse("req-1", null, "application/vnd.awslambda.http-integration-response");
        Assert.Equal("application/vnd.awslambda.http-integration-response", Header(streaming, "Content-Type"));
        Assert.Single(streaming.Headers, h => h.Key == "Content-Type");
    }

    [Fact]
    public void StreamingErrorTrailersCarryTheTypeAndTheBase64Document()
    {
        var trailers = RuntimeApiRequests.StreamingErrorTrailers(Error);
        Assert.Equal("InvalidOperationException", trailers.Single(t => t.Key == "Lambda-Runtime-Function-Error-Type").Value);
        byte[] document = Convert.FromBase64String(trailers.Single(t => t.Key == "Lambda-Runtime-Function-Error-Body").Value);
        Assert.Equal(Error.ToJson(), document);
        Assert.Equal(
            "0\r\nLambda-Runtime-Function-Error-Type: InvalidOperationException\r\nLambda-Runtime-Function-Error-Body: " +
            Convert.ToBase64String(Error.ToJson()) + "\r\n\r\n",
            Encoding.ASCII.GetString(HttpRequestWriter.WriteLastChunk(trailers)));
    }

    [Fact]
    public void RequestIdsArePercentEncodedSoTheyCannotChangeThePath()
    {
        Assert.Equal("/2018-06-01/runtime/invocation/a%2F..%2Fb%20c/response",
            RuntimeApiRequests.Response("a/../b c", null, default, null).Path);
        Assert.Equal("8476a536-e9f4-11e8-9739-2dfe598c3fcd", RuntimeApiRequests.EscapeSegment("8476a536-e9f4-11e8-9739-2dfe598c3fcd"));
    }

    [Fact]
    public void HeaderValuesWithLineBreaksAreRefused()
    {
        HttpRequest injected = RuntimeApiRequests.Response("r", "inv\r\nX-Evil: 1", default, null);
        Assert.Throws<ArgumentException>(() => HttpRequestWriter.WriteHead(injected, "h:1"));
    }

    [Fact]
    public void ErrorTypeHeaderIsMadeHeaderSafe()
    {
        var report = new ErrorReport("Bad\r\nType", "m", []);
        Assert.Equal("Bad__Type", Header(RuntimeApiRequests.Error("r", null, report), "Lambda-Runtime-Function-Error-Type"));
    }

    [Theory]
    [InlineData(1, "1\r\n")]
    [InlineData(255, "ff\r\n")]
    [InlineData(65536, "10000\r\n")]
    public void ChunkHeadersAreLowercaseHex(int size, string expected)
    {
        byte[] buffer = new byte[16];
        int length = HttpRequestWriter.WriteChunkHeader(size, buffer);
        Assert.Equal(expected, Encoding.ASCII.GetString(buffer, 0, length));
    }
}
