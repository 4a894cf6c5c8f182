using System.Buffers.Binary;
using System.IO.Compression;

namespace LambdaSlim.Core.Layers;

/// <summary>
/// A write-only gzip stream whose header is a constant: no file name, no comment, MTIME 0, OS byte 3 (Unix), XFL as
/// zlib sets it for the level (2 for <see cref="CompressionLevel.SmallestSize"/>, 4 for Fastest, else 0).
/// <see cref="GZipStream"/> writes the same bytes on Linux, but zlib picks the OS byte from the machine it was built
/// for (10 on Windows), so a layer built on another OS would get another digest; framing the raw deflate data
/// ourselves makes the header independent of the build machine.
/// </summary>
public sealed class DeterministicGzipStream : Stream
{
    /// <summary>RFC 1952 OS value for Unix; the content is a Linux root filesystem whatever machine built it.</summary>
    public const byte OsUnix = 3;

    private readonly Stream _inner;
    private readonly bool _leaveOpen;
    private readonly DeflateStream _deflate;
    private readonly Crc32 _crc = new();
    private uint _inputSize;
    private bool _finished;

    public DeterministicGzipStream(Stream inner, CompressionLevel level, bool leaveOpen = false)
    {
        _inner = inner;
        _leaveOpen = leaveOpen;
        byte extraFlags = level switch
        {
            CompressionLevel.SmallestSize => 2,
            CompressionLevel.Fastest => 4,
            _ => 0,
        };
        ReadOnlySpan<byte> header = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, extraFlags, OsUnix];
        _inner.Write(header);
        _deflate = new DeflateStream(_inner, level, leaveOpen: true);
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => !_finished;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _crc.Append(buffer);
        // ISIZE is the input size modulo 2^32 (RFC 1952).
        unchecked { _inputSize += (uint)buffer.Length; }
        _deflate.Write(buffer);
    }

    public override void Flush() => _deflate.Flush();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_finished)
        {
            _finished = true;
            _deflate.Dispose();
            Span<byte> trailer = stackalloc byte[8];
            BinaryPrimitives.WriteUInt32LittleEndian(trailer, _crc.Value);
            BinaryPrimitives.WriteUInt32LittleEndian(trailer[4..], _inputSize);
            _inner.Write(trailer);
            if (!_leaveOpen)
            {
                _inner.Dispose();
            }
        }
        base.Dispose(disposing);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
