using System.Net;

namespace LambdaSlim.Core.Registry.Transport;

/// <summary>
/// A request body read from a byte range of a file, so blobs are streamed from disk and never held in memory.
/// Reports each buffer sent to <paramref name="progress"/>.
/// </summary>
public sealed class FileRangeContent(string path, long offset, long length, Action<long> progress) : HttpContent
{
    private const int BufferSize = 256 * 1024;

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, useAsync: true);
        file.Seek(offset, SeekOrigin.Begin);
        var buffer = new byte[BufferSize];
        var remaining = length;
        while (remaining > 0)
        {
            var read = await file.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new LambdaSlimException("LSLIM3010", $"{path} is shorter than its descriptor says. The OCI layout is corrupt: rebuild the image.");
            }
            await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            remaining -= read;
            progress(read);
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length1)
    {
        length1 = length;
        return true;
    }
}
