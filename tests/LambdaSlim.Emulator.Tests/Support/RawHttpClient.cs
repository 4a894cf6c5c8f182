using System.Net.Sockets;
using System.Text;

namespace LambdaSlim.Emulator.Tests.Support;

/// <summary>
/// A deliberately dumb HTTP/1.1 client over one socket, independent of the product's parser: it sends the exact
/// bytes given and reads one Content-Length (or chunked) response, so tests see what is on the wire.
/// </summary>
internal sealed class RawHttpClient : IDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly MemoryStream _pending = new();

    public RawHttpClient(int port)
    {
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        _socket.Connect("127.0.0.1", port);
        _stream = new NetworkStream(_socket, ownsSocket: true);
    }

    public async Task SendAsync(string raw) => await SendAsync(Encoding.UTF8.GetBytes(raw));

    public async Task SendAsync(byte[] raw)
    {
        await _stream.WriteAsync(raw);
        await _stream.FlushAsync();
    }

    public static string Get(string path) => $"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n";

    public static byte[] Post(string path, byte[] body, params string[] headers)
    {
        var head = $"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: {body.Length}\r\n" +
                   string.Concat(headers.Select(h => h + "\r\n")) + "\r\n";
        return [.. Encoding.UTF8.GetBytes(head), .. body];
    }

    public static byte[] Post(string path, string body, params string[] headers) => Post(path, Encoding.UTF8.GetBytes(body), headers);

    public async Task<RawResponse> ReadResponseAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        var headEnd = await FillUntilAsync(b => IndexOf(b, "\r\n\r\n"u8) is var i && i >= 0 ? i + 4 : -1, cts.Token);
        var head = Encoding.UTF8.GetString(Take(headEnd)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var status = int.Parse(head[0].Split(' ')[1]);
        var headers = head.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        byte[] body;
        var trailers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (headers.TryGetValue("Transfer-Encoding", out var te) && te == "chunked")
        {
            var all = new MemoryStream();
            while (true)
            {
                var lineEnd = await FillUntilAsync(b => IndexOf(b, "\r\n"u8) is var i && i >= 0 ? i + 2 : -1, cts.Token);
                var size = Convert.ToInt32(Encoding.ASCII.GetString(Take(lineEnd)).Trim(), 16);
                if (size == 0)
                {
                    var end = await FillUntilAsync(b => b.AsSpan().StartsWith("\r\n"u8) ? 2 : IndexOf(b, "\r\n\r\n"u8) is var i && i >= 0 ? i + 4 : -1, cts.Token);
                    foreach (var line in Encoding.UTF8.GetString(Take(end)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries))
                    {
                        var parts = line.Split(':', 2);
                        trailers[parts[0].Trim()] = parts[1].Trim();
                    }
                    break;
                }
                await FillUntilAsync(b => b.Length >= size + 2 ? size + 2 : -1, cts.Token);
                all.Write(Take(size + 2).AsSpan(0, size));
            }
            body = all.ToArray();
        }
        else
        {
            var length = headers.TryGetValue("Content-Length", out var cl) ? int.Parse(cl) : 0;
            await FillUntilAsync(b => b.Length >= length ? length : -1, cts.Token);
            body = Take(length);
        }
        return new RawResponse(status, headers, body, trailers);
    }

    /// <summary>True when the server closed the connection (read returns 0 or resets) within the timeout.</summary>
    public async Task<bool> IsClosedByServerAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new byte[1024];
        try
        {
            while (true)
            {
                if (await _stream.ReadAsync(buffer, cts.Token) == 0)
                {
                    return true;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    private async Task<int> FillUntilAsync(Func<byte[], int> complete, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var n = complete(_pending.ToArray());
            if (n >= 0)
            {
                return n;
            }
            var read = await _stream.ReadAsync(buffer, ct);
            if (read == 0)
            {
                throw new EndOfStreamException("server closed the connection");
            }
            _pending.Write(buffer, 0, read);
        }
    }

    private byte[] Take(int count)
    {
        var all = _pending.ToArray();
        _pending.SetLength(0);
        _pending.Write(all, count, all.Length - count);
        return all[..count];
    }

    private static int IndexOf(byte[] data, ReadOnlySpan<byte> needle) => data.AsSpan().IndexOf(needle);

    public void Dispose() => _stream.Dispose();
}

internal sealed record RawResponse(int Status, Dictionary<string, string> Headers, byte[] Body, Dictionary<string, string> Trailers)
{
    public string BodyText => Encoding.UTF8.GetString(Body);
}
