using System.Net.Sockets;
using System.Text;

namespace LambdaSlim.Bench;

/// <summary>
/// One HTTP/1.1 request as the minimal server reads it: method, path and a Content-Length body. Enough for what a
/// function sends on the cold path (GET /next, a buffered POST /response); anything else is refused loudly, since
/// a benchmark that quietly accepted a different exchange would time the wrong thing.
/// </summary>
internal sealed record RuntimeApiRequest(string Method, string Path, byte[] Body)
{
    private const int MaxHeadBytes = 64 * 1024;

    /// <summary>Reads one request from <paramref name="socket"/>; bytes past it stay in <paramref name="pending"/>.</summary>
    public static RuntimeApiRequest Read(Socket socket, List<byte> pending)
    {
        int headEnd;
        while ((headEnd = IndexOfBlankLine(pending)) < 0)
        {
            if (pending.Count > MaxHeadBytes)
            {
                throw new InvalidDataException("The function sent a request head over 64 KiB.");
            }
            Receive(socket, pending);
        }
        string[] lines = Encoding.ASCII.GetString(pending.GetRange(0, headEnd).ToArray()).Split("\r\n");
        pending.RemoveRange(0, headEnd + 4);

        string[] requestLine = lines[0].Split(' ');
        if (requestLine.Length != 3 || requestLine[2] != "HTTP/1.1")
        {
            throw new InvalidDataException($"Not an HTTP/1.1 request line: '{lines[0]}'.");
        }
        int contentLength = 0;
        foreach (string line in lines.Skip(1))
        {
            int colon = line.IndexOf(':');
            string name = colon > 0 ? line[..colon].Trim() : line;
            if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidDataException("The function sent a chunked body; the cold-start server times buffered responses only.");
            }
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                contentLength = int.Parse(line[(colon + 1)..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        while (pending.Count < contentLength)
        {
            Receive(socket, pending);
        }
        byte[] body = pending.GetRange(0, contentLength).ToArray();
        pending.RemoveRange(0, contentLength);
        return new RuntimeApiRequest(requestLine[0], requestLine[1], body);
    }

    private static void Receive(Socket socket, List<byte> pending)
    {
        Span<byte> chunk = stackalloc byte[16 * 1024];
        int received = socket.Receive(chunk);
        if (received == 0)
        {
            throw new InvalidDataException("The function closed the connection in the middle of a request.");
        }
        pending.AddRange(chunk[..received]);
    }

    private static int IndexOfBlankLine(List<byte> bytes)
    {
        for (int i = 0; i + 3 < bytes.Count; i++)
        {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n')
            {
                return i;
            }
        }
        return -1;
    }
}
