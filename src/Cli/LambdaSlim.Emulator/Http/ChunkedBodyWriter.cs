using System.Text;

namespace LambdaSlim.Emulator.Http;

/// <summary>Writes a chunked response body (RFC 9112 §7.1): one chunk per write, then the last chunk with trailers.</summary>
internal sealed class ChunkedBodyWriter(Stream stream)
{
    public async ValueTask WriteChunkAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        if (data.IsEmpty)
        {
            return; // an empty chunk would end the body
        }
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"{data.Length:x}\r\n"), ct);
        await stream.WriteAsync(data, ct);
        await stream.WriteAsync("\r\n"u8.ToArray(), ct);
        await stream.FlushAsync(ct);
    }

    public async ValueTask CompleteAsync(IEnumerable<KeyValuePair<string, string>> trailers, CancellationToken ct)
    {
        var end = new StringBuilder("0\r\n");
        foreach (var (name, value) in trailers)
        {
            end.Append(name).Append(": ").Append(value).Append("\r\n");
        }
        end.Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(end.ToString()), ct);
        await stream.FlushAsync(ct);
    }
}
