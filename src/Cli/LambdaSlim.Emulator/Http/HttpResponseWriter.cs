using System.Text;

namespace LambdaSlim.Emulator.Http;

/// <summary>Writes HTTP/1.1 response heads and bodies. Callers never put CR or LF in a header value.</summary>
internal static class HttpResponseWriter
{
    public static byte[] FormatHead(int status, IEnumerable<KeyValuePair<string, string>> headers)
    {
        var head = new StringBuilder();
        head.Append("HTTP/1.1 ").Append(status).Append(' ').Append(ReasonPhrase(status)).Append("\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }
        head.Append("\r\n");
        // UTF-8, not ASCII: a client context header may carry non-ASCII JSON text (obs-text on the wire).
        return Encoding.UTF8.GetBytes(head.ToString());
    }

    /// <summary>A complete response with a Content-Length body (head and small bodies in one write).</summary>
    public static async ValueTask WriteAsync(
        Stream stream, int status, IEnumerable<KeyValuePair<string, string>> headers, ReadOnlyMemory<byte> body,
        bool close, CancellationToken ct)
    {
        var all = headers.Append(new("Content-Length", body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (close)
        {
            all = all.Append(new("Connection", "close"));
        }
        var head = FormatHead(status, all);
        if (body.Length <= 16 * 1024)
        {
            var message = new byte[head.Length + body.Length];
            head.CopyTo(message, 0);
            body.CopyTo(message.AsMemory(head.Length));
            await stream.WriteAsync(message, ct);
        }
        else
        {
            await stream.WriteAsync(head, ct);
            await stream.WriteAsync(body, ct);
        }
        await stream.FlushAsync(ct);
    }

    public static string ReasonPhrase(int status) => status switch
    {
        200 => "OK",
        202 => "Accepted",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        413 => "Payload Too Large",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        505 => "HTTP Version Not Supported",
        _ => "Status",
    };
}
