using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using LambdaSlim.Core;

namespace LambdaSlim.Emulator.Http;

/// <summary>
/// A small HTTP/1.1 server on 127.0.0.1 with keep-alive, written over sockets because the emulator needs
/// byte-level control of its answers (fault injection) and must read chunked trailers. Each connection is
/// served by one loop: read head → handler → drain unread body → next request.
/// </summary>
internal sealed class HttpServer : IAsyncDisposable
{
    /// <summary>Answers one request; returns false to close the connection afterwards.</summary>
    public delegate Task<bool> Handler(HttpExchange exchange, CancellationToken ct);

    private readonly TcpListener _listener;
    private readonly Handler _handler;
    private readonly Action<Exception> _onHandlerFailure;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Socket, Task> _connections = new();
    private readonly Task _acceptLoop;
    private int _disposed;

    private HttpServer(TcpListener listener, Handler handler, Action<Exception> onHandlerFailure)
    {
        _listener = listener;
        _handler = handler;
        _onHandlerFailure = onHandlerFailure;
        _acceptLoop = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Binds 127.0.0.1:<paramref name="port"/> (0 = a free port) and starts accepting.</summary>
    public static HttpServer Start(int port, Handler handler, Action<Exception> onHandlerFailure)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            listener.Start(backlog: 64);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw new LambdaSlimException(EmulatorErrorCodes.PortInUse,
                $"Port {port} on 127.0.0.1 is already in use. Choose another port, or 0 for a free one.", e);
        }
        return new HttpServer(listener, handler, onHandlerFailure);
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            socket.NoDelay = true;
            // Registered before the loop starts, so a loop that ends at once cannot leave a stale entry behind.
            _connections[socket] = Task.CompletedTask;
            var serving = Task.Run(() => ServeConnectionAsync(socket));
            _connections.TryUpdate(socket, serving, Task.CompletedTask);
        }
    }

    private async Task ServeConnectionAsync(Socket socket)
    {
        var ct = _stopping.Token;
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        var input = new HttpInputBuffer(stream);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                HttpRequestHead? head;
                try
                {
                    head = await HttpRequestHeadParser.ReadAsync(input, ct);
                }
                catch (MalformedHttpException e)
                {
                    await AnswerProtocolErrorAsync(stream, e, ct);
                    return;
                }
                if (head is null)
                {
                    return;
                }
                var exchange = new HttpExchange(head, input, stream, socket);
                bool keepAlive;
                try
                {
                    keepAlive = await _handler(exchange, ct);
                }
                catch (MalformedHttpException e)
                {
                    // Framing errors in a body: the request boundary is lost, so answer and close.
                    if (!exchange.Closed)
                    {
                        await AnswerProtocolErrorAsync(stream, e, ct);
                    }
                    return;
                }
                if (!keepAlive || exchange.Closed)
                {
                    return;
                }
                await exchange.DrainBodyAsync(ct);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException
                                      or OperationCanceledException or EndOfStreamException)
        {
            // The peer went away or the server is stopping: nothing to answer.
        }
        catch (Exception e)
        {
            _onHandlerFailure(e);
        }
        finally
        {
            _connections.TryRemove(socket, out _);
        }
    }

    private static async Task AnswerProtocolErrorAsync(Stream stream, MalformedHttpException e, CancellationToken ct)
    {
        var body = Encoding.UTF8.GetBytes(ErrorJson.Format("InvalidRequest", e.Message));
        try
        {
            await HttpResponseWriter.WriteAsync(stream, e.StatusCode,
                [new("Content-Type", "application/json")], body, close: true, ct);
        }
        catch (Exception write) when (write is IOException or SocketException or ObjectDisposedException)
        {
            // The peer is gone already.
        }
    }

    /// <summary>Stops accepting, closes every connection and waits for their loops. Idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        _stopping.Cancel();
        _listener.Stop();
        foreach (var socket in _connections.Keys)
        {
            socket.Close(0);
        }
        await _acceptLoop;
        await Task.WhenAll(_connections.Values);
    }
}
