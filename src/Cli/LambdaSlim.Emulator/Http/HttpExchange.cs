using System.Net.Sockets;

namespace LambdaSlim.Emulator.Http;

/// <summary>
/// One request on a connection: its head, a way to read its body, and ways to answer it (or, for fault
/// injection, to answer with arbitrary bytes or drop the connection).
/// </summary>
internal sealed class HttpExchange(HttpRequestHead head, HttpInputBuffer input, Stream stream, Socket socket)
{
    public HttpRequestHead Head { get; } = head;

    public bool BodyConsumed { get; private set; }

    /// <summary>True once the connection was dropped or a response asked for it to close.</summary>
    public bool Closed { get; private set; }

    public ValueTask<HttpHeaders> ReadBodyAsync(HttpBodyReader.BodySink sink, CancellationToken ct)
    {
        BodyConsumed = true;
        return HttpBodyReader.CopyAsync(input, Head, sink, ct);
    }

    /// <summary>
    /// Reads the whole body, keeping at most <paramref name="limit"/> bytes. A longer body is still read to the
    /// end (so the connection stays usable and the peer sees the answer rather than a reset) and reported as
    /// <c>Overflow</c>.
    /// </summary>
    public async ValueTask<BufferedBody> ReadBufferedBodyAsync(long limit, CancellationToken ct)
    {
        if (Head.Framing == BodyFraming.ContentLength && Head.ContentLength > limit)
        {
            await ReadBodyAsync((_, _) => ValueTask.CompletedTask, ct);
            return new BufferedBody([], Overflow: true, new HttpHeaders());
        }
        var body = new MemoryStream();
        var overflow = false;
        var trailers = await ReadBodyAsync((data, _) =>
        {
            if (!overflow && body.Length + data.Length <= limit)
            {
                body.Write(data.Span);
            }
            else
            {
                overflow = true;
            }
            return ValueTask.CompletedTask;
        }, ct);
        return new BufferedBody(overflow ? [] : body.ToArray(), overflow, trailers);
    }

    public ValueTask DrainBodyAsync(CancellationToken ct) =>
        BodyConsumed ? ValueTask.CompletedTask : new ValueTask(ReadBodyAsync((_, _) => ValueTask.CompletedTask, ct).AsTask());

    public ValueTask RespondAsync(
        int status, IEnumerable<KeyValuePair<string, string>> headers, ReadOnlyMemory<byte> body, CancellationToken ct,
        bool close = false)
    {
        Closed |= close || !Head.KeepAlive;
        return HttpResponseWriter.WriteAsync(stream, status, headers, body, Closed, ct);
    }

    /// <summary>Writes bytes as they are, with no framing (fault injection: garbage or truncated answers).</summary>
    public async ValueTask WriteRawAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        await stream.WriteAsync(bytes, ct);
        await stream.FlushAsync(ct);
    }

    /// <summary>The response stream for a chunked answer the caller frames itself.</summary>
    public Stream ResponseStream => stream;

    /// <summary>
    /// Completes when the peer closes or resets the connection while we hold its request unanswered (a blocked
    /// GET /next): answering a closed connection would hand an invocation to nobody.
    /// </summary>
    public async Task WaitForPeerCloseAsync(CancellationToken ct)
    {
        var probe = new byte[1];
        try
        {
            if (await socket.ReceiveAsync(probe, SocketFlags.Peek, ct) > 0)
            {
                // Pipelined bytes, not a close: nothing more to watch for.
                await Task.Delay(Timeout.Infinite, ct);
            }
        }
        catch (SocketException)
        {
            // Reset: closed as far as we are concerned.
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>Closes the connection at once, without an answer.</summary>
    public void Drop()
    {
        Closed = true;
        socket.Close(0);
    }
}

internal sealed record BufferedBody(byte[] Bytes, bool Overflow, HttpHeaders Trailers);
