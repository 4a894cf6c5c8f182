namespace LambdaSlim.Runtime.Http;

/// <summary>
/// One keep-alive HTTP/1.1 connection to the Runtime API over a <see cref="LibcSocket"/> with blocking I/O.
/// Why not HttpClient: megabytes of binary and milliseconds of start. Why blocking: the client does one thing
/// at a time and the process is frozen between events anyway; blocking calls need no async socket engine (its
/// epoll thread and state machines), which keeps the function binary small and the path short: a buffered
/// request is one writev, waiting for its answer one recv.
/// Requests are sequential (callers serialise use); a broken connection is dropped and the next request
/// opens a new one.
/// </summary>
/// <param name="endpoint">Where the Runtime API listens.</param>
/// <param name="responseTimeout">Bound on waiting for a response (a POST's status), except where a caller asks to
/// wait forever (GET /next: the sandbox is frozen between events, a client timeout would only do harm).</param>
internal sealed class HttpConnection(RuntimeApiEndpoint endpoint, TimeSpan responseTimeout) : IDisposable
{
    private const int InitialBufferSize = 16 * 1024;
    /// <summary>A buffer grown for a big event is given back once it exceeds this.</summary>
    private const int RetainedBufferSize = 1024 * 1024;

    private readonly object _socketGate = new();
    private LibcSocket? _socket;
    private byte[] _buffer = new byte[InitialBufferSize];
    private int _count;
    private volatile bool _aborted;

    /// <summary>Sends a request with a Content-Length body and reads the whole response.</summary>
    /// <param name="request">The request; its body (if any) goes with Content-Length.</param>
    /// <param name="waitForever">Wait for the response without the connection's bound (GET /next).</param>
    public HttpResponse Send(HttpRequest request, bool waitForever = false)
    {
        WriteRequest(request, request.Body.Span);
        return ReadResponse(waitForever);
    }

    /// <summary>Sends the head of a chunked request; the body follows with <see cref="WriteChunk"/>.</summary>
    public void BeginChunked(HttpRequest request) => WriteRequest(request, default);

    public void WriteChunk(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return; // a zero-size chunk would end the body
        }
        Span<byte> header = stackalloc byte[16];
        int length = HttpRequestWriter.WriteChunkHeader(data.Length, header);
        Write(header[..length], data);
        Write("\r\n"u8, default);
    }

    /// <summary>Ends a chunked request with the last chunk and <paramref name="trailers"/>, then reads the response.</summary>
    public HttpResponse FinishChunked(IReadOnlyList<KeyValuePair<string, string>> trailers)
    {
        Write(HttpRequestWriter.WriteLastChunk(trailers), default);
        return ReadResponse(waitForever: false);
    }

    /// <summary>
    /// Breaks a blocked call from another thread (SIGTERM while waiting on /next); the connection stays unusable.
    /// </summary>
    public void Abort()
    {
        _aborted = true;
        lock (_socketGate)
        {
            _socket?.Shutdown();
        }
    }

    public void Dispose() => Close();

    /// <summary>The head and whatever body goes with it, on a live connection, in one write.</summary>
    private void WriteRequest(HttpRequest request, ReadOnlySpan<byte> body)
    {
        byte[] head = HttpRequestWriter.WriteHead(request, endpoint.HostHeader);
        EnsureConnected();
        Write(head, body);
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
        LibcSocket socket;
        try
        {
            socket = LibcSocket.Connect(endpoint.EndPoint, responseTimeout);
        }
        catch (IOException ex)
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

    private static bool PeerHasClosedOrSentUnrequestedData(LibcSocket socket)
    {
        try
        {
            return socket.IsReadable();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            return true;
        }
    }

    /// <summary>Write failures report "not fully written": reads only start after the last write succeeded.</summary>
    private void Write(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        LibcSocket socket = _socket ?? throw new ConnectionFailedException("the Runtime API connection was closed", requestFullyWritten: false);
        try
        {
            socket.Send(first, second);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            Close();
            throw new ConnectionFailedException($"writing to the Runtime API failed: {ex.Message}", requestFullyWritten: false, ex);
        }
    }

    private HttpResponse ReadResponse(bool waitForever)
    {
        LibcSocket socket = _socket!;
        bool endOfStream = false;
        try
        {
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
                int received = socket.Receive(_buffer.AsSpan(_count), waitForever);
                endOfStream = received == 0;
                _count += received;
            }
        }
        catch (Exception ex) when (ex is IOException or TimeoutException or ObjectDisposedException or RuntimeApiProtocolException)
        {
            Close();
            throw new ConnectionFailedException($"reading the Runtime API response failed: {ex.Message}", requestFullyWritten: true, ex);
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
