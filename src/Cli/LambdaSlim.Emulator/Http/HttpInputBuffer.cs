using System.Text;

namespace LambdaSlim.Emulator.Http;

/// <summary>
/// A read buffer over a connection that hands out CRLF-terminated lines and raw body bytes. Every parse
/// step pulls from here, so a message split across any number of reads parses the same as one read.
/// </summary>
internal sealed class HttpInputBuffer(Stream stream, int capacity = 16 * 1024)
{
    private readonly byte[] _buffer = new byte[capacity];
    private int _start;
    private int _end;

    /// <summary>
    /// Reads one line without its CRLF. A bare LF or CR is rejected (RFC 9112 §2.2 allows servers to be strict,
    /// and accepting them is how request smuggling starts). Returns null only when <paramref name="eofAllowed"/>
    /// and the peer closed before sending any byte of the line.
    /// </summary>
    public async ValueTask<string?> ReadLineAsync(int maxLength, bool eofAllowed, CancellationToken ct)
    {
        var searched = 0;
        while (true)
        {
            var index = Array.IndexOf(_buffer, (byte)'\n', _start + searched, _end - _start - searched);
            if (index >= 0)
            {
                var length = index - _start;
                if (length == 0 || _buffer[index - 1] != '\r')
                {
                    throw new MalformedHttpException(400, "Line ends with a bare LF: HTTP lines end with CRLF.");
                }
                var line = _buffer.AsSpan(_start, length - 1);
                if (line.Length > maxLength)
                {
                    throw new MalformedHttpException(431, $"Line longer than {maxLength} bytes.");
                }
                if (line.IndexOf((byte)'\r') >= 0)
                {
                    throw new MalformedHttpException(400, "Bare CR inside a line.");
                }
                _start = index + 1;
                return Encoding.Latin1.GetString(line);
            }
            searched = _end - _start;
            if (searched > maxLength + 1)
            {
                throw new MalformedHttpException(431, $"Line longer than {maxLength} bytes.");
            }
            if (!await FillAsync(ct))
            {
                if (eofAllowed && _end == _start)
                {
                    return null;
                }
                throw new EndOfStreamException("The peer closed the connection in the middle of a line.");
            }
        }
    }

    /// <summary>
    /// Returns up to <paramref name="max"/> buffered bytes (reading more when none are buffered) and consumes them.
    /// The memory is valid until the next call.
    /// </summary>
    public async ValueTask<ReadOnlyMemory<byte>> ReadSomeAsync(long max, CancellationToken ct)
    {
        if (_end == _start && !await FillAsync(ct))
        {
            throw new EndOfStreamException("The peer closed the connection in the middle of a body.");
        }
        var count = (int)Math.Min(max, _end - _start);
        var result = new ReadOnlyMemory<byte>(_buffer, _start, count);
        _start += count;
        return result;
    }

    private async ValueTask<bool> FillAsync(CancellationToken ct)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            throw new MalformedHttpException(431, "Line does not fit the read buffer.");
        }
        var read = await stream.ReadAsync(_buffer.AsMemory(_end), ct);
        _end += read;
        return read > 0;
    }
}
