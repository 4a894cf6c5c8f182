using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LambdaSlim.Runtime.Tests;

/// <summary>One HTTP request as the loopback server read it off the wire.</summary>
internal sealed record ReceivedRequest(int Connection, string Method, string Path, Dictionary<string, string> Headers,
    byte[] Body, Dictionary<string, string> Trailers, bool Chunked)
{
    public string? Header(string name) => Headers.TryGetValue(name, out string? value) ? value : null;
    public string BodyText => Encoding.UTF8.GetString(Body);
}

/// <summary>What the server does with a request.</summary>
internal sealed record ServerReply(byte[]? Bytes, bool CloseAfter = false, bool ByteByByte = false)
{
    /// <summary>Close the connection without answering (after the request was read completely).</summary>
    public static readonly ServerReply Drop = new((byte[]?)null, CloseAfter: true);

    public static ServerReply Raw(string text, bool closeAfter = false, bool byteByByte = false) =>
        new(Encoding.UTF8.GetBytes(text), closeAfter, byteByByte);

    public static ServerReply Status(int status, string body = "", bool closeAfter = false) =>
        Raw($"HTTP/1.1 {status} S\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}", closeAfter);

    public static ServerReply Event(string requestId, string body, long deadlineMs, string? invocationId = null) =>
        Raw("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" +
            $"Lambda-Runtime-Aws-Request-Id: {requestId}\r\nLambda-Runtime-Deadline-Ms: {deadlineMs}\r\n" +
            "Lambda-Runtime-Invoked-Function-Arn: arn:aws:lambda:us-east-1:123456789012:function:f\r\n" +
            (invocationId is null ? "" : $"Lambda-Runtime-Invocation-Id: {invocationId}\r\n") +
            $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}");
}

/// <summary>
/// A raw-socket HTTP/1.1 server on 127.0.0.1 (a free port) that stands in for the Runtime API in transport
/// tests: it parses requests byte by byte (Content-Length and chunked with trailers), records them, and answers
/// with whatever bytes the test's reply function returns, including garbage, drops and resets.
/// </summary>
internal sealed class LoopbackServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<ReceivedRequest, ServerReply> _reply;
    private readonly Func<ReceivedRequest, bool>? _resetAfterHead;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Socket> _sockets = [];
    private int _connections;

    /// <param name="reply">The answer to each complete request.</param>
    /// <param name="resetAfterHead">For a request whose head was read: true resets the connection (RST) before
    /// its body is read, as a server crashing mid-request would.</param>
    public LoopbackServer(Func<ReceivedRequest, ServerReply> reply, Func<ReceivedRequest, bool>? resetAfterHead = null)
    {
        _reply = reply;
        _resetAfterHead = resetAfterHead;
        _listener.Start();
        new Thread(AcceptLoop) { IsBackground = true }.Start();
    }

    public string Address => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
    public int Connections => Volatile.Read(ref _connections);
    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();
    /// <summary>Requests whose bytes arrived only in part before the connection ended.</summary>
    public ConcurrentQueue<string> Incomplete { get; } = new();

    private void AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = _listener.AcceptSocket();
            }
            catch (Exception)
            {
                return;
            }
            _sockets.Add(socket);
            int connection = Interlocked.Increment(ref _connections);
            new Thread(() => Serve(socket, connection)) { IsBackground = true }.Start();
        }
    }

    private void Serve(Socket socket, int connection)
    {
        var reader = new ByteReader(socket);
        try
        {
            while (true)
            {
                string? requestLine = reader.ReadLine();
                if (requestLine is null)
                {
                    return;
                }
                string[] parts = requestLine.Split(' ');
                var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                for (string? line = reader.ReadLine(); !string.IsNullOrEmpty(line); line = reader.ReadLine())
                {
                    int colon = line.IndexOf(':');
                    headers[line[..colon]] = line[(colon + 1)..].Trim();
                }
                var trailers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                bool chunked = headers.TryGetValue("Transfer-Encoding", out string? te) && te == "chunked";
                var partial = new ReceivedRequest(connection, parts[0], parts[1], headers, [], trailers, chunked);
                if (_resetAfterHead is not null && _resetAfterHead(partial))
                {
                    Incomplete.Enqueue(parts[1]);
                    socket.LingerState = new LingerOption(true, 0);
                    socket.Close();
                    return;
                }
                byte[] body;
                try
                {
                    body = chunked ? ReadChunked(reader, trailers) : reader.ReadExactly(int.Parse(headers.GetValueOrDefault("Content-Length", "0")));
                }
                catch (EndOfStreamException)
                {
                    Incomplete.Enqueue(parts[1]);
                    return;
                }
                var request = partial with { Body = body };
                Requests.Enqueue(request);
                ServerReply reply = _reply(request);
                if (reply.Bytes is not null)
                {
                    if (reply.ByteByByte)
                    {
                        foreach (byte b in reply.Bytes)
                        {
                            socket.Send([b]);
                        }
                    }
                    else
                    {
                        socket.Send(reply.Bytes);
                    }
                }
                if (reply.CloseAfter)
                {
                    socket.Shutdown(SocketShutdown.Both);
                    socket.Close();
                    return;
                }
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            socket.Dispose();
        }
    }

    private static byte[] ReadChunked(ByteReader reader, Dictionary<string, string> trailers)
    {
        var body = new MemoryStream();
        while (true)
        {
            string sizeLine = reader.ReadLine() ?? throw new EndOfStreamException();
            int size = Convert.ToInt32(sizeLine.Split(';')[0], 16);
            if (size == 0)
            {
                break;
            }
            body.Write(reader.ReadExactly(size));
            if (reader.ReadLine() != "")
            {
                throw new InvalidDataException("chunk not followed by CRLF");
            }
        }
        for (string? line = reader.ReadLine(); !string.IsNullOrEmpty(line); line = reader.ReadLine())
        {
            int colon = line.IndexOf(':');
            trailers[line[..colon]] = line[(colon + 1)..].Trim();
        }
        return body.ToArray();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        foreach (Socket socket in _sockets)
        {
            socket.Dispose();
        }
    }

    private sealed class ByteReader(Socket socket)
    {
        private readonly byte[] _buffer = new byte[65536];
        private int _start;
        private int _end;

        private bool Fill()
        {
            if (_start < _end)
            {
                return true;
            }
            _start = 0;
            _end = socket.Receive(_buffer);
            return _end > 0;
        }

        /// <summary>A CRLF-terminated line, or null at a clean end of stream.</summary>
        public string? ReadLine()
        {
            var line = new StringBuilder();
            while (true)
            {
                if (!Fill())
                {
                    if (line.Length == 0)
                    {
                        return null;
                    }
                    throw new EndOfStreamException();
                }
                char c = (char)_buffer[_start++];
                if (c == '\n' && line.Length > 0 && line[^1] == '\r')
                {
                    return line.ToString(0, line.Length - 1);
                }
                line.Append(c);
            }
        }

        public byte[] ReadExactly(int count)
        {
            byte[] result = new byte[count];
            int filled = 0;
            while (filled < count)
            {
                if (!Fill())
                {
                    throw new EndOfStreamException();
                }
                int take = Math.Min(count - filled, _end - _start);
                Array.Copy(_buffer, _start, result, filled, take);
                _start += take;
                filled += take;
            }
            return result;
        }
    }
}
