namespace LambdaSlim.Emulator.Tests.Http;

/// <summary>A read-only stream over fixed bytes that returns them in pieces: cut at the given offsets.</summary>
internal sealed class SplitStream(byte[] data, params int[] cuts) : Stream
{
    private int _position;

    public override int Read(byte[] buffer, int offset, int count)
    {
        var next = cuts.Where(c => c > _position).DefaultIfEmpty(data.Length).Min();
        var n = Math.Min(count, next - _position);
        Array.Copy(data, _position, buffer, offset, n);
        _position += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var temp = new byte[buffer.Length];
        var n = Read(temp, 0, temp.Length);
        temp.AsSpan(0, n).CopyTo(buffer.Span);
        return ValueTask.FromResult(n);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => data.Length;
    public override long Position { get => _position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
