using System.Text;

namespace LambdaSlim.Runtime.Http;

internal enum ParseStatus
{
    NeedMoreData,
    Complete,
}

/// <summary>
/// A pure, strict HTTP/1.1 response parser: bytes in, a complete response (or "need more data", or an
/// <see cref="RuntimeApiProtocolException"/>) out. It keeps no state between calls; the caller accumulates bytes and
/// calls again, so a response split at any offset parses the same. Every size is bounded so garbage from the
/// server ends in an error instead of unbounded buffering or a hang.
/// </summary>
internal static class HttpResponseParser
{
    /// <summary>Limit for the status line plus headers (and, separately, for the trailer section).</summary>
    public const int MaxHeaderBytes = 64 * 1024;
    public const int MaxHeaderCount = 256;
    /// <summary>Limit for one chunk-size line including extensions.</summary>
    public const int MaxChunkLineBytes = 4096;
    /// <summary>Invoke payloads are at most 6 MB (streamed ones more); 256 MiB bounds memory against a bad length.</summary>
    public const long MaxBodyBytes = 256L * 1024 * 1024;

    private static ReadOnlySpan<byte> Crlf => "\r\n"u8;
    private static ReadOnlySpan<byte> HeadEnd => "\r\n\r\n"u8;

    /// <param name="data">Bytes received so far, starting at the first byte of the response.</param>
    /// <param name="endOfStream">The server closed the connection after <paramref name="data"/>; only matters for
    /// a body delimited by the connection close.</param>
    /// <param name="response">The parsed response when the result is <see cref="ParseStatus.Complete"/>.</param>
    /// <param name="consumed">Bytes of <paramref name="data"/> that belong to the returned response.</param>
    public static ParseStatus Parse(ReadOnlySpan<byte> data, bool endOfStream, out HttpResponse? response, out int consumed)
    {
        response = null;
        consumed = 0;

        int headEnd = data.IndexOf(HeadEnd);
        if (headEnd < 0)
        {
            if (data.Length > MaxHeaderBytes)
            {
                throw new RuntimeApiProtocolException($"the response head is longer than {MaxHeaderBytes} bytes");
            }
            return ParseStatus.NeedMoreData;
        }
        if (headEnd + 4 > MaxHeaderBytes)
        {
            throw new RuntimeApiProtocolException($"the response head is longer than {MaxHeaderBytes} bytes");
        }

        ReadOnlySpan<byte> head = data[..headEnd];
        int lineEnd = head.IndexOf(Crlf);
        ReadOnlySpan<byte> statusLine = lineEnd < 0 ? head : head[..lineEnd];
        (int statusCode, string reason, bool http10) = ParseStatusLine(statusLine);
        var headers = new HttpHeaderCollection();
        if (lineEnd >= 0)
        {
            ParseFields(head[(lineEnd + 2)..], headers, "header");
        }

        int bodyStart = headEnd + 4;
        bool keepAlive = !http10;
        string? connection = headers.Get("Connection");
        if (connection is not null)
        {
            if (connection.Contains("close", StringComparison.OrdinalIgnoreCase))
            {
                keepAlive = false;
            }
            else if (connection.Contains("keep-alive", StringComparison.OrdinalIgnoreCase))
            {
                keepAlive = true;
            }
        }

        var trailers = new HttpHeaderCollection();
        if (statusCode < 200 || statusCode == 204 || statusCode == 304)
        {
            consumed = bodyStart;
            response = new HttpResponse(statusCode, reason, headers, [], trailers, keepAlive);
            return ParseStatus.Complete;
        }

        ReadOnlySpan<byte> rest = data[bodyStart..];
        int transferEncodings = headers.CountOf("Transfer-Encoding");
        int contentLengths = headers.CountOf("Content-Length");
        if (transferEncodings > 0)
        {
            if (contentLengths > 0)
            {
                throw new RuntimeApiProtocolException("the response has both Transfer-Encoding and Content-Length");
            }
            string encoding = headers.Get("Transfer-Encoding")!.Trim();
            if (transferEncodings > 1 || !encoding.Equals("chunked", StringComparison.OrdinalIgnoreCase))
            {
                throw new RuntimeApiProtocolException($"unsupported Transfer-Encoding '{encoding}' (only 'chunked' is understood)");
            }
            if (!TryParseChunked(rest, trailers, out byte[] chunkedBody, out int chunkedLength))
            {
                return ParseStatus.NeedMoreData;
            }
            consumed = bodyStart + chunkedLength;
            response = new HttpResponse(statusCode, reason, headers, chunkedBody, trailers, keepAlive);
            return ParseStatus.Complete;
        }

        if (contentLengths > 0)
        {
            long length = ParseContentLength(headers);
            if (rest.Length < length)
            {
                return ParseStatus.NeedMoreData;
            }
            consumed = bodyStart + (int)length;
            response = new HttpResponse(statusCode, reason, headers, rest[..(int)length].ToArray(), trailers, keepAlive);
            return ParseStatus.Complete;
        }

        // No framing header: the body runs until the server closes the connection.
        if (rest.Length > MaxBodyBytes)
        {
            throw new RuntimeApiProtocolException($"the response body is longer than {MaxBodyBytes} bytes");
        }
        if (!endOfStream)
        {
            return ParseStatus.NeedMoreData;
        }
        consumed = data.Length;
        response = new HttpResponse(statusCode, reason, headers, rest.ToArray(), trailers, keepAlive: false);
        return ParseStatus.Complete;
    }

    private static (int StatusCode, string Reason, bool Http10) ParseStatusLine(ReadOnlySpan<byte> line)
    {
        // HTTP-version SP 3DIGIT SP reason-phrase   (the reason may be empty; "HTTP/1.1 200" is tolerated)
        if (line.Length < 12 || !line.StartsWith("HTTP/1."u8) || (line[7] != (byte)'1' && line[7] != (byte)'0')
            || line[8] != (byte)' ' || !IsDigit(line[9]) || !IsDigit(line[10]) || !IsDigit(line[11])
            || (line.Length > 12 && line[12] != (byte)' '))
        {
            throw new RuntimeApiProtocolException($"malformed status line '{Printable(line)}'");
        }
        int status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
        if (status < 100 || status > 599)
        {
            throw new RuntimeApiProtocolException($"status code {status} is outside 100-599");
        }
        ReadOnlySpan<byte> reason = line.Length > 13 ? line[13..] : [];
        foreach (byte b in reason)
        {
            if (b < 0x20 && b != (byte)'\t' || b == 0x7f)
            {
                throw new RuntimeApiProtocolException($"control character in status line '{Printable(line)}'");
            }
        }
        return (status, Encoding.UTF8.GetString(reason), line[7] == (byte)'0');
    }

    /// <summary>Parses CRLF-separated "name: value" lines (headers or trailers) into <paramref name="target"/>.</summary>
    private static void ParseFields(ReadOnlySpan<byte> block, HttpHeaderCollection target, string what)
    {
        while (!block.IsEmpty)
        {
            int end = block.IndexOf(Crlf);
            ReadOnlySpan<byte> line = end < 0 ? block : block[..end];
            block = end < 0 ? [] : block[(end + 2)..];

            if (line.IsEmpty || line[0] == (byte)' ' || line[0] == (byte)'\t')
            {
                throw new RuntimeApiProtocolException($"empty or folded {what} line (obsolete line folding is not accepted)");
            }
            int colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                throw new RuntimeApiProtocolException($"{what} line without a name and colon: '{Printable(line)}'");
            }
            ReadOnlySpan<byte> name = line[..colon];
            foreach (byte b in name)
            {
                if (!IsTokenChar(b))
                {
                    throw new RuntimeApiProtocolException($"invalid character in {what} name '{Printable(name)}'");
                }
            }
            ReadOnlySpan<byte> value = line[(colon + 1)..].Trim(" \t"u8);
            foreach (byte b in value)
            {
                if (b < 0x20 && b != (byte)'\t' || b == 0x7f)
                {
                    throw new RuntimeApiProtocolException($"control character in the value of {what} '{Printable(name)}'");
                }
            }
            if (target.Count == MaxHeaderCount)
            {
                throw new RuntimeApiProtocolException($"more than {MaxHeaderCount} {what} fields");
            }
            target.Add(Encoding.ASCII.GetString(name), Encoding.UTF8.GetString(value));
        }
    }

    private static long ParseContentLength(HttpHeaderCollection headers)
    {
        long length = -1;
        foreach (var field in headers.Fields)
        {
            if (!field.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            string text = field.Value;
            long value = 0;
            if (text.Length == 0 || text.Length > 18)
            {
                throw new RuntimeApiProtocolException($"invalid Content-Length '{text}'");
            }
            foreach (char c in text)
            {
                if (c < '0' || c > '9')
                {
                    throw new RuntimeApiProtocolException($"invalid Content-Length '{text}'");
                }
                value = value * 10 + (c - '0');
            }
            if (length >= 0 && length != value)
            {
                throw new RuntimeApiProtocolException("conflicting Content-Length headers");
            }
            length = value;
        }
        if (length > MaxBodyBytes)
        {
            throw new RuntimeApiProtocolException($"Content-Length {length} exceeds the {MaxBodyBytes}-byte limit");
        }
        return length;
    }

    /// <summary>
    /// Walks a chunked body. Returns false when more bytes are needed; on success the de-chunked body and the
    /// number of bytes the chunked encoding (including trailers and the final CRLF) occupied.
    /// </summary>
    private static bool TryParseChunked(ReadOnlySpan<byte> data, HttpHeaderCollection trailers, out byte[] body, out int length)
    {
        body = [];
        length = 0;
        int position = 0;
        long total = 0;
        List<(int Offset, int Length)>? segments = null;

        while (true)
        {
            ReadOnlySpan<byte> remaining = data[position..];
            int lineEnd = remaining.IndexOf(Crlf);
            if (lineEnd < 0)
            {
                if (remaining.Length > MaxChunkLineBytes)
                {
                    throw new RuntimeApiProtocolException($"chunk-size line longer than {MaxChunkLineBytes} bytes");
                }
                return false;
            }
            if (lineEnd > MaxChunkLineBytes)
            {
                throw new RuntimeApiProtocolException($"chunk-size line longer than {MaxChunkLineBytes} bytes");
            }
            long size = ParseChunkSize(remaining[..lineEnd]);
            position += lineEnd + 2;

            if (size == 0)
            {
                break;
            }
            total += size;
            if (total > MaxBodyBytes)
            {
                throw new RuntimeApiProtocolException($"the chunked body is longer than {MaxBodyBytes} bytes");
            }
            if (data.Length - position < size + 2)
            {
                return false;
            }
            if (data[position + (int)size] != (byte)'\r' || data[position + (int)size + 1] != (byte)'\n')
            {
                throw new RuntimeApiProtocolException("chunk data is not followed by CRLF (the chunk size does not match the data)");
            }
            (segments ??= []).Add((position, (int)size));
            position += (int)size + 2;
        }

        // Trailer section: fields up to an empty line.
        ReadOnlySpan<byte> trailerArea = data[position..];
        int trailerEnd;
        if (trailerArea.StartsWith(Crlf))
        {
            trailerEnd = 0;
        }
        else
        {
            int end = trailerArea.IndexOf(HeadEnd);
            if (end < 0)
            {
                if (trailerArea.Length > MaxHeaderBytes)
                {
                    throw new RuntimeApiProtocolException($"the trailer section is longer than {MaxHeaderBytes} bytes");
                }
                return false;
            }
            if (end > MaxHeaderBytes)
            {
                throw new RuntimeApiProtocolException($"the trailer section is longer than {MaxHeaderBytes} bytes");
            }
            ParseFields(trailerArea[..end], trailers, "trailer");
            trailerEnd = end + 2;
        }

        body = new byte[total];
        int written = 0;
        if (segments is not null)
        {
            foreach (var (offset, count) in segments)
            {
                data.Slice(offset, count).CopyTo(body.AsSpan(written));
                written += count;
            }
        }
        length = position + trailerEnd + 2;
        return true;
    }

    /// <summary>chunk-size = 1*HEXDIG, optionally followed by BWS and ";" extensions (ignored).</summary>
    private static long ParseChunkSize(ReadOnlySpan<byte> line)
    {
        long size = 0;
        int i = 0;
        for (; i < line.Length && IsHexDigit(line[i]); i++)
        {
            if (i == 15)
            {
                throw new RuntimeApiProtocolException($"chunk size '{Printable(line)}' is too large");
            }
            size = size * 16 + HexValue(line[i]);
        }
        if (i == 0)
        {
            throw new RuntimeApiProtocolException($"bad chunk size '{Printable(line)}' (expected hexadecimal digits)");
        }
        ReadOnlySpan<byte> rest = line[i..].TrimStart(" \t"u8);
        if (!rest.IsEmpty && rest[0] != (byte)';')
        {
            throw new RuntimeApiProtocolException($"bad chunk size '{Printable(line)}' (unexpected characters after the size)");
        }
        foreach (byte b in rest)
        {
            if (b < 0x20 && b != (byte)'\t' || b == 0x7f)
            {
                throw new RuntimeApiProtocolException("control character in a chunk extension");
            }
        }
        return size;
    }

    private static bool IsDigit(byte b) => b >= (byte)'0' && b <= (byte)'9';

    private static bool IsHexDigit(byte b) => IsDigit(b) || (b >= (byte)'a' && b <= (byte)'f') || (b >= (byte)'A' && b <= (byte)'F');

    private static int HexValue(byte b) => IsDigit(b) ? b - '0' : (b | 0x20) - 'a' + 10;

    private static bool IsTokenChar(byte b) =>
        b > 0x20 && b < 0x7f && "\"(),/:;<=>?@[\\]{}"u8.IndexOf(b) < 0;

    /// <summary>A short, safe rendering of bad input for error messages.</summary>
    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder();
        foreach (byte b in bytes[..Math.Min(bytes.Length, 80)])
        {
            text.Append(b >= 0x20 && b < 0x7f ? (char)b : '?');
        }
        if (bytes.Length > 80)
        {
            text.Append("...");
        }
        return text.ToString();
    }
}
