using System.Globalization;

namespace LambdaSlim.Emulator.Http;

/// <summary>
/// Reads a request body framed by Content-Length or chunked transfer coding (RFC 9112 §7.1), handing the
/// bytes to a sink as they arrive and returning the trailer fields (empty unless chunked).
/// </summary>
internal static class HttpBodyReader
{
    /// <summary>Receives body bytes; the memory is only valid during the call.</summary>
    public delegate ValueTask BodySink(ReadOnlyMemory<byte> data, CancellationToken ct);

    public static async ValueTask<HttpHeaders> CopyAsync(
        HttpInputBuffer input, HttpRequestHead head, BodySink sink, CancellationToken ct)
    {
        switch (head.Framing)
        {
            case BodyFraming.ContentLength:
                await CopyExactlyAsync(input, head.ContentLength, sink, ct);
                return new HttpHeaders();
            case BodyFraming.Chunked:
                return await CopyChunkedAsync(input, sink, ct);
            default:
                return new HttpHeaders();
        }
    }

    private static async ValueTask<HttpHeaders> CopyChunkedAsync(HttpInputBuffer input, BodySink sink, CancellationToken ct)
    {
        while (true)
        {
            var sizeLine = await input.ReadLineAsync(HttpRequestHeadParser.MaxLineLength, eofAllowed: false, ct);
            var size = ParseChunkSize(sizeLine!);
            if (size == 0)
            {
                return await HttpRequestHeadParser.ReadFieldsAsync(input, ct);
            }
            await CopyExactlyAsync(input, size, sink, ct);
            var end = await input.ReadLineAsync(HttpRequestHeadParser.MaxLineLength, eofAllowed: false, ct);
            if (end!.Length != 0)
            {
                throw new MalformedHttpException(400, "Chunk data longer than its declared size.");
            }
        }
    }

    /// <summary>chunk-size = 1*HEXDIG, optionally followed by ";extension" (ignored, as the RFC allows).</summary>
    internal static long ParseChunkSize(string line)
    {
        var semicolon = line.IndexOf(';');
        var digits = semicolon >= 0 ? line[..semicolon] : line;
        if (digits.Length is 0 or > 15 || !digits.All(char.IsAsciiHexDigit))
        {
            throw new MalformedHttpException(400, $"Invalid chunk size line '{(line.Length > 40 ? line[..40] : line)}'.");
        }
        return long.Parse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
    }

    private static async ValueTask CopyExactlyAsync(HttpInputBuffer input, long count, BodySink sink, CancellationToken ct)
    {
        while (count > 0)
        {
            var data = await input.ReadSomeAsync(count, ct);
            count -= data.Length;
            await sink(data, ct);
        }
    }
}
