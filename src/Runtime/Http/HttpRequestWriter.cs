using System.Buffers.Text;
using System.Text;

namespace LambdaSlim.Runtime.Http;

/// <summary>Serialises request heads and chunked framing as bytes (pure; the connection sends them).</summary>
internal static class HttpRequestWriter
{
    private const string UserAgent = "LambdaSlim.Runtime/1";

    /// <summary>
    /// "METHOD path HTTP/1.1", Host, User-Agent, the request's headers, then Content-Length (or
    /// Transfer-Encoding: chunked) and the blank line. Header values with CR or LF are refused: they would let
    /// a value (such as an id echoed from the server) inject headers.
    /// </summary>
    public static byte[] WriteHead(HttpRequest request, string host)
    {
        var head = new StringBuilder(256);
        head.Append(request.Method).Append(' ').Append(request.Path).Append(" HTTP/1.1\r\n");
        AppendField(head, "Host", host);
        AppendField(head, "User-Agent", UserAgent);
        foreach (var field in request.Headers)
        {
            AppendField(head, field.Key, field.Value);
        }
        if (request.Chunked)
        {
            AppendField(head, "Transfer-Encoding", "chunked");
        }
        else if (request.Method != "GET" || !request.Body.IsEmpty)
        {
            AppendField(head, "Content-Length", request.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        head.Append("\r\n");
        return Encoding.UTF8.GetBytes(head.ToString());
    }

    /// <summary>Writes the chunk header "SIZE-IN-HEX\r\n" into <paramref name="destination"/>; returns its length.</summary>
    public static int WriteChunkHeader(int size, Span<byte> destination)
    {
        Utf8Formatter.TryFormat(size, destination, out int written, new System.Buffers.StandardFormat('x'));
        destination[written++] = (byte)'\r';
        destination[written++] = (byte)'\n';
        return written;
    }

    /// <summary>The last chunk "0\r\n", the trailer fields, and the final blank line.</summary>
    public static byte[] WriteLastChunk(IReadOnlyList<KeyValuePair<string, string>> trailers)
    {
        var tail = new StringBuilder("0\r\n");
        foreach (var field in trailers)
        {
            AppendField(tail, field.Key, field.Value);
        }
        tail.Append("\r\n");
        return Encoding.UTF8.GetBytes(tail.ToString());
    }

    private static void AppendField(StringBuilder target, string name, string value)
    {
        if (value.AsSpan().IndexOfAny('\r', '\n') >= 0 || name.AsSpan().IndexOfAny("\r\n: ") >= 0)
        {
            throw new ArgumentException($"HTTP header '{name}' contains a line break or separator and cannot be sent.");
        }
        target.Append(name).Append(": ").Append(value).Append("\r\n");
    }
}
