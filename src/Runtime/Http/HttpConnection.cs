using System.Net;
using System.Net.Sockets;

namespace LambdaSlim.Runtime.Http;

/// <summary>
/// One keep-alive HTTP/1.1 connection to the Runtime API over a plain <see cref="Socket"/> with blocking I/O.
/// Why not HttpClient: megabytes of binary and milliseconds of start. Why blocking: the client does one thing
/// at a time and the process is frozen between events anyway; synchronous socket calls skip the async socket
/// engine (its epoll thread and state machines), which keeps the function binary small and the path short.
/// Requests are sequential (callers serialise use); a broken connection is dropped and the next request
/// opens a new one.
/// </summary>
internal sealed class HttpConnection(RuntimeApiEndpoint endpoint) : IDisposable
{
    private const int InitialBufferSize = 16 * 1024;
    /// <summary>A buffer grown for a big event is given back once it exceeds this.</summary>
    private const int RetainedBufferSize = 1024 * 1024;

    private readonly object _socketGate = new();
    private Socket? _socket;
    private byte[] _buffer = new byte[InitialBufferSize];
    private int _count;
    private volatile bool _aborted;

    /// <summary>Sends a request with a Content-Length body and reads the whole response.</summary>
    /// <param name="request">The request; its body (if any) goes with Content-Length.</param>
    /// <param name="responseTimeout">Bound on waiting for the response after the request was written; null waits
    /// forever (GET /next: the sandbox is frozen between events, a client timeout would only do harm).</param>
    public HttpResponse Send(HttpRequest request, TimeSpan? responseTimeout)
    {
        WriteHead(request);
        if (!request.Body.IsEmpty)
        {
            Write(request.Body.Span);
        }
        return ReadResponse(responseTimeout);
    }

    /// <summary>Sends the head of a chunked request; the body follows with <see cref="WriteChunk"/>.</summary>
    public void BeginChunked(HttpRequest request) => WriteHead(request);

    public void WriteChunk(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return; // a zero-size chunk would end the body
        }
        Span<byte> header = stackalloc byte[16];
        int length = HttpRequestWriter.WriteChunkHeader(data.Length, header);
        Write(header[..length]);
        Write(data);
        Write("\r\n"u8);
    }

    /// <summary>Ends a chunked request with the last chunk and <paramref name="trailers"/>, then reads the response.</summary>
    public HttpResponse FinishChunked(IReadOnlyList<KeyValuePair<string, string>> trailers, TimeSpan? responseTimeout)
    {
        Write(HttpRequestWriter.WriteLastChunk(trailers));
        return ReadResponse(responseTimeout);
    }

    /// <summary>
    /// Breaks a blocked call from another thread (SIGTERM while waiting on /next); the connection stays unusable.
    /// </summary>
    public void Abort()
    {
        _aborted = true;
        lock (_socketGate)
        {
            _socket?.Dispose();
        }
    }

    public void Dispose() => Close();

    private void WriteHead(HttpRequest request)
    {
        byte[] head = HttpRequestWriter.WriteHead(request, endpoint.HostHeader);
        EnsureConnected();
        Write(head);
    }

    private void EnsureConnected()
    {
        if (_socket is not null && (_count > 0 || PeerHasClosedOrSentUnrequestedData(_socket)))
        {
            // The server closed the idle connection (or sent bytes nobody asked for). Writing a request into it
            // would "succeed" into the kernel buffer and then fail on read, when a retry is no longer safe: so
            // start over on a fresh connection before writing anything.
            Close();
        }
        if (_socket is not null)
        {
            return;
        }
        if (_aborted)
        {
            throw new ConnectionFailedException("the Runtime API connection was shut down", requestFullyWritten: false);
        }
        Socket socket;
        try
        {
            socket = SocketConnector.Connect(endpoint.EndPoint);
            socket.NoDelay = true;
        }
        catch (Exception ex) when (ex is SocketException or IOException)
        {
            throw new ConnectionFailedException(
                $"cannot connect to the Runtime API at {endpoint.HostHeader}: {ex.Message}", requestFullyWritten: false, ex);
        }
        lock (_socketGate)
        {
            _socket = socket;
        }
        _count = 0;
    }

    private static bool PeerHasClosedOrSentUnrequestedData(Socket socket)
    {
        try
        {
            return socket.Poll(0, SelectMode.SelectRead);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return true;
        }
    }

    /// <summary>Write failures report "not fully written": reads only start after the last write succeeded.</summary>
    private void Write(ReadOnlySpan<byte> data)
    {
        Socket socket = _socket ?? throw new ConnectionFailedException("the Runtime API connection was closed", requestFullyWritten: false);
        try
        {
            while (!data.IsEmpty)
            {
                data = data[socket.Send(data, SocketFlags.None)..];
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            Close();
            throw new ConnectionFailedException($"writing to the Runtime API failed: {ex.Message}", requestFullyWritten: false, ex);
        }
    }

    private HttpResponse ReadResponse(TimeSpan? responseTimeout)
    {
        Socket socket = _socket!;
        bool endOfStream = false;
        try
        {
            socket.ReceiveTimeout = responseTimeout is { } limit ? (int)limit.TotalMilliseconds : 0;
            while (true)
            {
                if (HttpResponseParser.Parse(_buffer.AsSpan(0, _count), endOfStream, out HttpResponse? response, out int consumed)
                    == ParseStatus.Complete)
                {
                    Consume(consumed);
                    if (response!.StatusCode < 200)
                    {
                        continue; // an interim 1xx response: the real one follows
                    }
                    if (!response.KeepAlive)
                    {
                        Close();
                    }
                    else if (_buffer.Length > RetainedBufferSize && _count <= InitialBufferSize)
                    {
                        byte[] smaller = new byte[InitialBufferSize];
                        _buffer.AsSpan(0, _count).CopyTo(smaller);
                        _buffer = smaller;
                    }
                    return response;
                }
                if (endOfStream)
                {
                    throw new IOException("the Runtime API closed the connection before the response was complete");
                }
                if (_count == _buffer.Length)
                {
                    Array.Resize(ref _buffer, _buffer.Length * 2);
                }
                int received = socket.Receive(_buffer.AsSpan(_count), SocketFlags.None);
                endOfStream = received == 0;
                _count += received;
            }
        }
        catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException or RuntimeApiProtocolException)
        {
            Close();
            string reason = ex is SocketException { SocketErrorCode: SocketError.TimedOut or SocketError.WouldBlock }
                ? $"no response within {(int)responseTimeout.GetValueOrDefault().TotalMilliseconds} ms"
                : ex.Message;
            throw new ConnectionFailedException($"reading the Runtime API response failed: {reason}", requestFullyWritten: true, ex);
        }
    }

    private void Consume(int consumed)
    {
        _buffer.AsSpan(consumed, _count - consumed).CopyTo(_buffer);
        _count -= consumed;
    }

    private void Close()
    {
        lock (_socketGate)
        {
            _socket?.Dispose();
            _socket = null;
        }
        _count = 0;
    }
}
