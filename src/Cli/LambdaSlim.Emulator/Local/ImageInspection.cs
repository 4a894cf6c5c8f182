using System.Formats.Tar;
using System.IO.Compression;
using LambdaSlim.Core.Oci;

namespace LambdaSlim.Emulator.Local;

/// <summary>One file of a layer as the tar lists it (links carry their target, folders are left out).</summary>
public sealed record InspectedFile(string Path, long Size, string? LinkTarget);

/// <summary>One layer: its digest (compressed blob), diffID (uncompressed tar), both sizes, what made it, its files.</summary>
public sealed record InspectedLayer(string Digest, string DiffId, string MediaType, long CompressedBytes, long UncompressedBytes,
    string? CreatedBy, IReadOnlyList<InspectedFile> Files);

/// <summary>One architecture's image: its manifest digest (what Lambda deploys), tags and layers, oldest first.</summary>
public sealed record InspectedImage(string Architecture, string Platform, string ManifestDigest, IReadOnlyList<string> Tags,
    IReadOnlyList<InspectedLayer> Layers)
{
    public long CompressedBytes => Layers.Sum(l => l.CompressedBytes);

    public long UncompressedBytes => Layers.Sum(l => l.UncompressedBytes);
}

/// <summary>
/// The size and content report of an image read back from its OCI layout (the publish report is computed from the
/// build's own data, which a layout on disk no longer has; this one needs only the layout): per architecture the
/// layers with compressed and uncompressed bytes, and every file with its size.
/// </summary>
public static class ImageInspection
{
    public static IReadOnlyList<InspectedImage> Inspect(OciLayoutImage layout)
    {
        var images = new List<InspectedImage>();
        foreach (var manifest in layout.Manifests)
        {
            var history = manifest.Config.History.Where(h => !h.EmptyLayer).ToList();
            var layers = new List<InspectedLayer>();
            for (var i = 0; i < manifest.Manifest.Layers.Count; i++)
            {
                var layer = manifest.Manifest.Layers[i];
                layout.VerifyLayer(layer);
                var (uncompressed, files) = ReadLayer(layout.BlobPath(layer.Digest), OciMediaTypes.IsGzipLayer(layer.MediaType));
                layers.Add(new InspectedLayer(layer.Digest, i < manifest.Config.DiffIds.Count ? manifest.Config.DiffIds[i] : "", layer.MediaType,
                    layer.Size, uncompressed, i < history.Count ? history[i].CreatedBy : null, files));
            }
            images.Add(new InspectedImage(manifest.Architecture?.Name ?? manifest.Config.Architecture,
                new Platform(manifest.Config.Architecture, manifest.Config.Os, manifest.Config.Variant).ToString(),
                manifest.Digest, manifest.RefNames, layers));
        }
        return images;
    }

    private static (long Uncompressed, IReadOnlyList<InspectedFile> Files) ReadLayer(string path, bool gzip)
    {
        using var file = File.OpenRead(path);
        using var counter = new CountingStream(gzip ? new GZipStream(file, CompressionMode.Decompress) : file);
        var files = new List<InspectedFile>();
        using (var reader = new TarReader(counter, leaveOpen: true))
        {
            while (reader.GetNextEntry() is { } entry)
            {
                var name = "/" + string.Join('/', RootPath.EntryComponents(entry.Name));
                switch (entry.EntryType)
                {
                    case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                        files.Add(new InspectedFile(name, entry.Length, null));
                        break;
                    case TarEntryType.SymbolicLink or TarEntryType.HardLink:
                        files.Add(new InspectedFile(name, 0, entry.LinkName));
                        break;
                }
            }
        }
        counter.CopyTo(Stream.Null); // the end-of-archive blocks count towards the diffID's size too
        return (counter.BytesRead, files);
    }

    /// <summary>Counts the bytes read through it (the uncompressed size of a layer).</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        public long BytesRead { get; private set; }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var read = inner.Read(buffer);
            BytesRead += read;
            return read;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
