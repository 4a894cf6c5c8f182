using System.Text;
using LambdaSlim.Emulator.Http;

namespace LambdaSlim.Emulator.Tests.Http;

public class HttpRequestParsingTests
{
    private const string StreamingResponse =
        "POST /2018-06-01/runtime/invocation/abc/response HTTP/1.1\r\n" +
        "Host: 127.0.0.1:9001\r\n" +
        "lambda-runtime-function-response-mode: streaming\r\n" +
        "Transfer-Encoding: chunked\r\n" +
        "Trailer: Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body\r\n" +
        "\r\n" +
        "5\r\nhello\r\n" +
        "7;ext=1\r\n, world\r\n" +
        "0\r\n" +
        "Lambda-Runtime-Function-Error-Type: Boom\r\n" +
        "Lambda-Runtime-Function-Error-Body: e30=\r\n" +
        "\r\n";

    private static async Task<(HttpRequestHead Head, byte[] Body, HttpHeaders Trailers)> ParseAsync(Stream stream)
    {
        var input = new HttpInputBuffer(stream);
        var head = await HttpRequestHeadParser.ReadAsync(input, CancellationToken.None);
        Assert.NotNull(head);
        var body = new MemoryStream();
        var trailers = await HttpBodyReader.CopyAsync(input, head, (data, _) =>
        {
            body.Write(data.Span);
            return ValueTask.CompletedTask;
        }, CancellationToken.None);
        return (head, body.ToArray(), trailers);
    }

    [Fact]
    public async Task Chunked_body_and_trailers_parse_the_same_whatever_the_read_boundaries()
    {
        var bytes = Encoding.ASCII.GetBytes(StreamingResponse);
        // Every single cut point, then every byte on its own.
        var splits = Enumerable.Range(1, bytes.Length - 1).Select(i => new[] { i })
            .Append(Enumerable.Range(1, bytes.Length - 1).ToArray());
        foreach (var cuts in splits)
        {
            var (head, body, trailers) = await ParseAsync(new SplitStream(bytes, cuts));
            Assert.Equal("POST", head.Method);
            Assert.Equal("/2018-06-01/runtime/invocation/abc/response", head.Target);
            Assert.Equal(BodyFraming.Chunked, head.Framing);
            Assert.Equal("streaming", head.Headers.Get("Lambda-Runtime-Function-Response-Mode"));
            Assert.Equal("hello, world", Encoding.ASCII.GetString(body));
            Assert.Equal("Boom", trailers.Get("lambda-runtime-function-error-type"));
            Assert.Equal("e30=", trailers.Get("Lambda-Runtime-Function-Error-Body"));
        }
    }

    [Fact]
    public async Task Content_length_body_and_keep_alive_requests_follow_each_other_on_one_connection()
    {
        var bytes = Encoding.ASCII.GetBytes(
            "POST /a HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc" +
            "GET /b HTTP/1.1\r\nConnection: close\r\n\r\n");
        for (var cut = 1; cut < bytes.Length; cut++)
        {
            var input = new HttpInputBuffer(new SplitStream(bytes, cut));
            var first = (await HttpRequestHeadParser.ReadAsync(input, default))!;
            var body = new MemoryStream();
            await HttpBodyReader.CopyAsync(input, first, (d, _) => { body.Write(d.Span); return ValueTask.CompletedTask; }, default);
            var second = (await HttpRequestHeadParser.ReadAsync(input, default))!;
            var end = await HttpRequestHeadParser.ReadAsync(input, default);

            Assert.Equal(3, first.ContentLength);
            Assert.True(first.KeepAlive);
            Assert.Equal("abc", Encoding.ASCII.GetString(body.ToArray()));
            Assert.Equal("/b", second.Target);
            Assert.False(second.KeepAlive);
            Assert.Null(end); // clean close between requests
        }
    }

    [Fact]
    public void Header_names_are_case_insensitive_and_values_trimmed()
    {
        var (name, value) = HttpRequestHeadParser.ParseFieldLine("X-Amz-Client-Context: \t eyJ9 \t");
        Assert.Equal("X-Amz-Client-Context", name);
        Assert.Equal("eyJ9", value);
        var headers = new HttpHeaders();
        headers.Add(name, value);
        Assert.Equal("eyJ9", headers.Get("x-amz-client-context"));
    }

    [Theory]
    [InlineData("GET /x HTTP/1.1\nHost: a\r\n\r\n", 400)]                          // bare LF
    [InlineData("GET /x HTTP/1.1\r\nHost: a\rb\r\n\r\n", 400)]                     // bare CR
    [InlineData("GET  /x HTTP/1.1\r\n\r\n", 400)]                                  // double space
    [InlineData("GET x HTTP/1.1\r\n\r\n", 400)]                                    // not origin-form
    [InlineData("G(T /x HTTP/1.1\r\n\r\n", 400)]                                   // method not a token
    [InlineData("GET /x HTTP/2.0\r\n\r\n", 505)]
    [InlineData("GET /x FTP/1.0\r\n\r\n", 400)]
    [InlineData("GET /x HTTP/1.1\r\nHost : a\r\n\r\n", 400)]                       // space before colon
    [InlineData("GET /x HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n", 400)]             // obs-fold
    [InlineData("GET /x HTTP/1.1\r\nNoColon\r\n\r\n", 400)]
    [InlineData("GET /x HTTP/1.1\r\nX: a\u0001b\r\n\r\n", 400)]                    // control character
    [InlineData("POST /x HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400)]
    [InlineData("POST /x HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400)]
    [InlineData("POST /x HTTP/1.1\r\nContent-Length: 1e3\r\n\r\n", 400)]
    [InlineData("POST /x HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n", 400)]
    [InlineData("POST /x HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", 400)] // smuggling shape
    [InlineData("POST /x HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501)]
    public async Task Malformed_heads_are_rejected_with_the_right_status(string raw, int status)
    {
        var input = new HttpInputBuffer(new SplitStream(Encoding.Latin1.GetBytes(raw)));
        var error = await Assert.ThrowsAsync<MalformedHttpException>(async () => await HttpRequestHeadParser.ReadAsync(input, default));
        Assert.Equal(status, error.StatusCode);
    }

    [Theory]
    [InlineData("zz\r\nab\r\n0\r\n\r\n")]             // not hex
    [InlineData("\r\n")]                               // empty size
    [InlineData(" 2\r\nab\r\n0\r\n\r\n")]              // leading space
    [InlineData("1234567890abcdef0\r\n")]              // longer than any real size
    [InlineData("2\r\nabc\r\n0\r\n\r\n")]              // data longer than declared
    [InlineData("2\nab\r\n0\r\n\r\n")]                 // bare LF after size
    public async Task Malformed_chunked_bodies_are_rejected(string chunks)
    {
        var raw = "POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks;
        await Assert.ThrowsAsync<MalformedHttpException>(() => ParseAsync(new SplitStream(Encoding.ASCII.GetBytes(raw))));
    }

    [Fact]
    public async Task A_body_cut_short_by_the_peer_is_an_end_of_stream_not_a_hang()
    {
        var raw = Encoding.ASCII.GetBytes("POST /x HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc");
        await Assert.ThrowsAsync<EndOfStreamException>(() => ParseAsync(new SplitStream(raw)));
        var chunked = Encoding.ASCII.GetBytes("POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab");
        await Assert.ThrowsAsync<EndOfStreamException>(() => ParseAsync(new SplitStream(chunked)));
    }

    [Fact]
    public async Task Oversized_lines_and_too_many_fields_are_refused()
    {
        var longLine = "GET /" + new string('a', HttpRequestHeadParser.MaxLineLength) + " HTTP/1.1\r\n\r\n";
        var error = await Assert.ThrowsAsync<MalformedHttpException>(async () =>
            await HttpRequestHeadParser.ReadAsync(new HttpInputBuffer(new SplitStream(Encoding.ASCII.GetBytes(longLine))), default));
        Assert.Equal(431, error.StatusCode);

        var manyFields = "GET / HTTP/1.1\r\n" + string.Concat(Enumerable.Range(0, 101).Select(i => $"X-{i}: v\r\n")) + "\r\n";
        error = await Assert.ThrowsAsync<MalformedHttpException>(async () =>
            await HttpRequestHeadParser.ReadAsync(new HttpInputBuffer(new SplitStream(Encoding.ASCII.GetBytes(manyFields))), default));
        Assert.Equal(431, error.StatusCode);
    }

    [Theory]
    [InlineData("a", 10)]
    [InlineData("FF;name=value", 255)]
    [InlineData("0", 0)]
    [InlineData("00000000000001", 1)]
    public void Chunk_sizes_are_hex_with_optional_extensions(string line, long expected) =>
        Assert.Equal(expected, HttpBodyReader.ParseChunkSize(line));
}
