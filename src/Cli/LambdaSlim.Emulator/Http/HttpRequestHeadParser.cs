namespace LambdaSlim.Emulator.Http;

/// <summary>
/// Strict HTTP/1.1 request-head and field-section parsing (RFC 9112 §3, §5). Anything ambiguous is rejected
/// with a 4xx/5xx <see cref="MalformedHttpException"/> rather than guessed at.
/// </summary>
internal static class HttpRequestHeadParser
{
    public const int MaxLineLength = 8 * 1024;
    public const int MaxFieldCount = 100;

    /// <summary>Reads the next request head; null when the peer closed the connection between requests.</summary>
    public static async ValueTask<HttpRequestHead?> ReadAsync(HttpInputBuffer input, CancellationToken ct)
    {
        var requestLine = await input.ReadLineAsync(MaxLineLength, eofAllowed: true, ct);
        if (requestLine is null)
        {
            return null;
        }
        var (method, target, version) = ParseRequestLine(requestLine);
        var headers = await ReadFieldsAsync(input, ct);
        var (framing, length) = ParseFraming(headers);
        return new HttpRequestHead(method, target, version, headers, framing, length);
    }

    /// <summary>Reads header or trailer field lines up to the empty line that ends the section.</summary>
    public static async ValueTask<HttpHeaders> ReadFieldsAsync(HttpInputBuffer input, CancellationToken ct)
    {
        var fields = new HttpHeaders();
        while (true)
        {
            var line = await input.ReadLineAsync(MaxLineLength, eofAllowed: false, ct);
            if (line!.Length == 0)
            {
                return fields;
            }
            if (fields.Count == MaxFieldCount)
            {
                throw new MalformedHttpException(431, $"More than {MaxFieldCount} header fields.");
            }
            var (name, value) = ParseFieldLine(line);
            fields.Add(name, value);
        }
    }

    internal static (string Method, string Target, string Version) ParseRequestLine(string line)
    {
        var parts = line.Split(' ');
        if (parts.Length != 3 || parts[0].Length == 0 || !IsToken(parts[0]))
        {
            throw new MalformedHttpException(400, $"Malformed request line '{Printable(line)}'.");
        }
        if (parts[1].Length == 0 || parts[1][0] != '/' || parts[1].Any(c => c <= ' ' || c >= '\x7f'))
        {
            throw new MalformedHttpException(400, $"Malformed request target '{Printable(parts[1])}'.");
        }
        if (parts[2] is not ("HTTP/1.1" or "HTTP/1.0"))
        {
            var status = parts[2].StartsWith("HTTP/", StringComparison.Ordinal) ? 505 : 400;
            throw new MalformedHttpException(status, $"Unsupported protocol version '{Printable(parts[2])}'.");
        }
        return (parts[0], parts[1], parts[2]);
    }

    internal static (string Name, string Value) ParseFieldLine(string line)
    {
        if (line[0] is ' ' or '\t')
        {
            throw new MalformedHttpException(400, "Obsolete line folding in a header field.");
        }
        var colon = line.IndexOf(':');
        if (colon <= 0 || !IsToken(line.AsSpan(0, colon)))
        {
            // Also catches whitespace between the name and the colon (RFC 9112 §5.1 says reject).
            throw new MalformedHttpException(400, $"Malformed header field '{Printable(line)}'.");
        }
        var value = line.AsSpan(colon + 1).Trim(" \t");
        foreach (var c in value)
        {
            if ((c < ' ' && c != '\t') || c == '\x7f')
            {
                throw new MalformedHttpException(400, $"Control character in header field '{line[..colon]}'.");
            }
        }
        return (line[..colon], value.ToString());
    }

    private static (BodyFraming Framing, long Length) ParseFraming(HttpHeaders headers)
    {
        var transferEncodings = headers.GetAll("Transfer-Encoding").ToList();
        var contentLengths = headers.GetAll("Content-Length").ToList();
        if (transferEncodings.Count > 0)
        {
            if (contentLengths.Count > 0)
            {
                throw new MalformedHttpException(400, "Both Transfer-Encoding and Content-Length: ambiguous framing.");
            }
            var codings = transferEncodings.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries)).ToList();
            if (codings.Count != 1 || !string.Equals(codings[0], "chunked", StringComparison.OrdinalIgnoreCase))
            {
                throw new MalformedHttpException(501, $"Unsupported Transfer-Encoding '{string.Join(", ", codings)}'.");
            }
            return (BodyFraming.Chunked, -1);
        }
        if (contentLengths.Count == 0)
        {
            return (BodyFraming.None, 0);
        }
        var first = contentLengths[0];
        if (contentLengths.Any(v => v != first) || first.Length is 0 or > 18 || !first.All(char.IsAsciiDigit))
        {
            throw new MalformedHttpException(400, $"Invalid Content-Length '{Printable(string.Join(",", contentLengths))}'.");
        }
        var length = long.Parse(first, System.Globalization.CultureInfo.InvariantCulture);
        return (length == 0 ? BodyFraming.None : BodyFraming.ContentLength, length);
    }

    private static bool IsToken(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c)))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Bounded and control-free, so a hostile line cannot flood or corrupt a log.</summary>
    private static string Printable(string text)
    {
        var cut = text.Length > 80 ? text[..80] + "…" : text;
        return new string(cut.Select(c => c < ' ' || c == '\x7f' ? '?' : c).ToArray());
    }
}
