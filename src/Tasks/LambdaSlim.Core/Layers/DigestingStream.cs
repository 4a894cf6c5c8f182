using System.Security.Cryptography;

namespace LambdaSlim.Core.Layers;

/// <summary>
/// A write-through stream that hashes (SHA-256) and counts what passes on the way to the inner stream, so a
/// layer's digest (compressed) and diffID (uncompressed) are known as soon as it is written, in one pass.
/// </summary>
public sealed class DigestingStream(Stream inner, bool leaveOpen = false) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private string? _digest;

    public long BytesWritten { get; private set; }

    /// <summary><c>sha256:HEX</c> of everything written; ends the hashing, so call it once writing is done.</summary>
    public string Digest => _digest ??= "sha256:" + Convert.ToHexStringLower(_hash.GetHashAndReset());

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => BytesWritten;
    public override long Position { get => BytesWritten; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_digest is not null)
        {
            throw new InvalidOperationException("The digest was already taken; nothing more may be written.");
        }
        _hash.AppendData(buffer);
        BytesWritten += buffer.Length;
        inner.Write(buffer);
    }

    public override void Flush() => inner.Flush();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
            if (!leaveOpen)
            {
                inner.Dispose();
            }
        }
        base.Dispose(disposing);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
