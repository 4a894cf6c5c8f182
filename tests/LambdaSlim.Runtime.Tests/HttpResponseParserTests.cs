using System.Text;
using LambdaSlim.Runtime.Http;

namespace LambdaSlim.Runtime.Tests;

public class HttpResponseParserTests
{
    private const string ContentLengthResponse =
        "HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: abc\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n{\"hello\":\"x\"}";

    private const string ChunkedResponse =
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Checksum\r\n\r\n" +
        "5;name=value\r\nhello\r\n" +
        "1 ; ext\r\n,\r\n" +
        "A\r\n world!!!!\r\n" +
        "0\r\nX-Checksum: 42\r\nX-Other:  spaced  \r\n\r\n";

    private static ParseStatus Parse(string text, out HttpResponse? response, out int consumed, bool endOfStream = false) =>
        HttpResponseParser.Parse(Encoding.UTF8.GetBytes(text), endOfStream, out response, out consumed);

    private static RuntimeApiProtocolException ParseFails(string text) =>
        Assert.Throws<RuntimeApiProtocolException>(() => Parse(text, out _, out _));

    [Fact]
    public void ContentLengthResponseParsesWithCaseInsensitiveHeaders()
    {
        Assert.Equal(ParseStatus.Complete, Parse(ContentLengthResponse, out var response, out int consumed));
        Assert.Equal(ContentLengthResponse.Length, consumed);
        Assert.Equal(200, response!.StatusCode);
        Assert.Equal("OK", response.ReasonPhrase);
        Assert.Equal("abc", response.Headers.Get("lambda-runtime-aws-request-id"));
        Assert.Equal("application/json", response.Headers.Get("CONTENT-TYPE"));
        Assert.Null(response.Headers.Get("Missing"));
        Assert.Equal("{\"hello\":\"x\"}", Encoding.UTF8.GetString(response.Body));
        Assert.True(response.KeepAlive);
    }

    [Fact]
    public void ChunkedResponseWithExtensionsAndTrailersParses()
    {
        Assert.Equal(ParseStatus.Complete, Parse(ChunkedResponse, out var response, out int consumed));
        Assert.Equal(ChunkedResponse.Length, consumed);
        Assert.Equal("hello, world!!!!", Encoding.UTF8.GetString(response!.Body));
        Assert.Equal("42", response.Trailers.Get("x-checksum"));
        Assert.Equal("spaced", response.Trailers.Get("X-Other"));
    }

    [Fact]
    public void ChunkedResponseWithoutTrailersParses()
    {
        const string text = "HTTP/1.1 202 Accepted\r\ntransfer-encoding: Chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n";
        Assert.Equal(ParseStatus.Complete, Parse(text, out var response, out int consumed));
        Assert.Equal(text.Length, consumed);
        Assert.Equal("abc", Encoding.UTF8.GetString(response!.Body));
        Assert.Equal(0, response.Trailers.Count);
    }

    public static TheoryData<string> CompleteResponses => new()
    {
        ContentLengthResponse,
        ChunkedResponse,
        "HTTP/1.1 204 No Content\r\nX: y\r\n\r\n",
        "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    };

    [Theory]
    [MemberData(nameof(CompleteResponses))]
    public void EveryProperPrefixNeedsMoreDataAndTheWholeParsesIdentically(string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        Assert.Equal(ParseStatus.Complete, HttpResponseParser.Parse(bytes, false, out var whole, out _));
        for (int split = 0; split < bytes.Length; split++)
        {
            Assert.Equal(ParseStatus.NeedMoreData, HttpResponseParser.Parse(bytes.AsSpan(0, split), false, out var none, out _));
            Assert.Null(none);
            // The second read completes the response, whatever the first read held.
            byte[] accumulated = [.. bytes.AsSpan(0, split), .. bytes.AsSpan(split)];
            Assert.Equal(ParseStatus.Complete, HttpResponseParser.Parse(accumulated, false, out var response, out int consumed));
            Assert.Equal(bytes.Length, consumed);
            Assert.Equal(whole!.StatusCode, response!.StatusCode);
            Assert.Equal(whole.Body, response.Body);
            Assert.Equal(whole.Trailers.Count, response.Trailers.Count);
        }
    }

    [Fact]
    public void BytesAfterTheResponseAreNotConsumed()
    {
        string two = ChunkedResponse + ContentLengthResponse;
        Assert.Equal(ParseStatus.Complete, Parse(two, out _, out int consumed));
        Assert.Equal(ChunkedResponse.Length, consumed);
        Assert.Equal(ParseStatus.Complete, Parse(two[consumed..], out var second, out int consumedSecond));
        Assert.Equal(ContentLengthResponse.Length, consumedSecond);
        Assert.Equal(13, second!.Body.Length);
    }

    [Fact]
    public void BodyWithoutFramingRunsUntilTheConnectionCloses()
    {
        const string text = "HTTP/1.1 200 OK\r\nX: 1\r\n\r\npartial";
        Assert.Equal(ParseStatus.NeedMoreData, Parse(text, out _, out _));
        Assert.Equal(ParseStatus.Complete, Parse(text, out var response, out int consumed, endOfStream: true));
        Assert.Equal("partial", Encoding.UTF8.GetString(response!.Body));
        Assert.Equal(text.Length, consumed);
        Assert.False(response.KeepAlive);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", false)]
    [InlineData("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", false)]
    [InlineData("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n", true)]
    [InlineData("HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n", true)]
    public void KeepAliveFollowsVersionAndConnectionHeader(string text, bool keepAlive)
    {
        Assert.Equal(ParseStatus.Complete, Parse(text, out var response, out _));
        Assert.Equal(keepAlive, response!.KeepAlive);
    }

    [Fact]
    public void InterimResponseHasNoBody()
    {
        Assert.Equal(ParseStatus.Complete, Parse("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n", out var response, out int consumed));
        Assert.Equal(100, response!.StatusCode);
        Assert.Equal(25, consumed);
    }

    [Theory]
    [InlineData("HTTP/1.1 20 OK\r\n\r\n")]
    [InlineData("HTTP/2 200 OK\r\n\r\n")]
    [InlineData("HTTP/1.2 200 OK\r\n\r\n")]
    [InlineData("HTTX/1.1 200 OK\r\n\r\n")]
    [InlineData("HTTP/1.1 2x0 OK\r\n\r\n")]
    [InlineData("HTTP/1.1 200OK\r\n\r\n")]
    [InlineData("HTTP/1.1  200 OK\r\n\r\n")]
    [InlineData("HTTP/1.1 099 Low\r\n\r\n")]
    [InlineData("HTTP/1.1 600 High\r\n\r\n")]
    [InlineData("garbage\r\n\r\n")]
    [InlineData("\r\n\r\n")]
    [InlineData("HTTP/1.1 200 O\u0001K\r\n\r\n")]
    public void MalformedStatusLinesAreRejected(string text)
    {
        RuntimeApiProtocolException error = ParseFails(text);
        Assert.StartsWith("LSLIM4002", error.Message);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nNo colon here\r\n\r\n", "colon")]
    [InlineData("HTTP/1.1 200 OK\r\nName : value\r\n\r\n", "invalid character")]
    [InlineData("HTTP/1.1 200 OK\r\n: value\r\n\r\n", "colon")]
    [InlineData("HTTP/1.1 200 OK\r\nA: b\r\n folded\r\n\r\n", "folded")]
    [InlineData("HTTP/1.1 200 OK\r\nA: b\u0000c\r\n\r\n", "control character")]
    [InlineData("HTTP/1.1 200 OK\r\nA: b\nB: c\r\n\r\n", "control character")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 12a\r\n\r\n", "Content-Length")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "Content-Length")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length:\r\n\r\n", "Content-Length")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", "conflicting")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 999999999999\r\n\r\n", "limit")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n", "both")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", "unsupported Transfer-Encoding")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", "unsupported Transfer-Encoding")]
    public void BadHeadersAreRejected(string text, string expected)
    {
        Assert.Contains(expected, ParseFails(text).Message);
    }

    [Theory]
    [InlineData("zz\r\n", "bad chunk size")]
    [InlineData("-1\r\n", "bad chunk size")]
    [InlineData("\r\n", "bad chunk size")]
    [InlineData("5x\r\nhello\r\n", "bad chunk size")]
    [InlineData(" 5\r\nhello\r\n", "bad chunk size")]
    [InlineData("FFFFFFFFFFFFFFFF\r\n", "too large")]
    [InlineData("5\r\nhelloXX0\r\n\r\n", "not followed by CRLF")]
    [InlineData("3\r\nhello\r\n0\r\n\r\n", "not followed by CRLF")]
    [InlineData("0\r\nbad trailer\r\n\r\n", "colon")]
    [InlineData("10000001\r\n", "longer than")]
    public void BadChunkedBodiesAreRejected(string chunked, string expected)
    {
        RuntimeApiProtocolException error = ParseFails("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void OversizedHeadIsRejectedWithoutWaitingForItsEnd()
    {
        string head = "HTTP/1.1 200 OK\r\nX-Big: " + new string('a', HttpResponseParser.MaxHeaderBytes);
        Assert.Contains("longer than 65536", ParseFails(head).Message);
        Assert.Contains("longer than 65536", ParseFails(head + "\r\n\r\n").Message);
    }

    [Fact]
    public void OverlongChunkSizeLineIsRejectedWithoutWaitingForItsEnd()
    {
        string text = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1;" + new string('e', HttpResponseParser.MaxChunkLineBytes + 1);
        Assert.Contains("chunk-size line", ParseFails(text).Message);
    }

    [Fact]
    public void TooManyHeadersAreRejected()
    {
        var text = new StringBuilder("HTTP/1.1 200 OK\r\n");
        for (int i = 0; i <= HttpResponseParser.MaxHeaderCount; i++)
        {
            text.Append("X-").Append(i).Append(": v\r\n");
        }
        Assert.Contains("more than 256", ParseFails(text.Append("\r\n").ToString()).Message);
    }

    [Fact]
    public void Utf8HeaderValuesAreDecoded()
    {
        Assert.Equal(ParseStatus.Complete, Parse("HTTP/1.1 200 OK\r\nX-Json: {\"name\":\"Zoë\"}\r\nContent-Length: 0\r\n\r\n", out var response, out _));
        Assert.Equal("{\"name\":\"Zoë\"}", response!.Headers.Get("x-json"));
    }
}
