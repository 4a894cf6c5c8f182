using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace LambdaSlim.Core.Layers;

/// <summary>
/// Makes a no-op publish skip all tar and gzip work. A layer's key is a SHA-256 over what determines its bytes: the
/// timestamp, the compression level, a format version and, per entry, path, kind, mode and the SHA-256 of the content.
/// Content rather than file times: a copy that keeps times (<c>cp -p</c>, restore from a cache) must not reuse a stale
/// layer, and hashing a few MB costs milliseconds, against the tar and level-9 gzip work it saves. A hit is a small JSON record naming the blob, checked to still exist with
/// the recorded size.
/// </summary>
public sealed class LayerCache(string directory)
{
    // Bump when the tar or gzip writer changes the bytes it produces for the same input.
    private const string FormatVersion = "lambdaslim-layer-1";

    public string Directory { get; } = directory;

    /// <summary>Returns the cached blob for the tree, building it on a miss. <paramref name="built"/> tells which.</summary>
    public LayerBlob GetOrBuild(LayerTree tree, DateTimeOffset modificationTime, CompressionLevel level, out bool built)
    {
        var key = KeyOf(tree, modificationTime, level);
        var recordPath = System.IO.Path.Combine(Directory, key + ".json");
        if (TryRead(recordPath, out var cached))
        {
            built = false;
            return cached;
        }

        var blob = LayerBuilder.Build(tree, modificationTime, System.IO.Path.Combine(Directory, "blobs", key + ".tar.gz"), level);
        var record = Oci.CanonicalJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("digest", blob.Digest);
            w.WriteString("diffId", blob.DiffId);
            w.WriteNumber("size", blob.Size);
            w.WriteNumber("uncompressedSize", blob.UncompressedSize);
            w.WriteEndObject();
        });
        var temporary = $"{recordPath}.{Guid.NewGuid():N}.partial";
        File.WriteAllBytes(temporary, record);
        File.Move(temporary, recordPath, overwrite: true);
        built = true;
        return blob;
    }

    private bool TryRead(string recordPath, out LayerBlob blob)
    {
        blob = null!;
        if (!File.Exists(recordPath))
        {
            return false;
        }
        try
        {
            using var record = JsonDocument.Parse(File.ReadAllBytes(recordPath));
            var root = record.RootElement;
            var size = root.GetProperty("size").GetInt64();
            var blobPath = System.IO.Path.Combine(Directory, "blobs", System.IO.Path.GetFileNameWithoutExtension(recordPath) + ".tar.gz");
            if (!File.Exists(blobPath) || new FileInfo(blobPath).Length != size)
            {
                return false;
            }
            blob = new LayerBlob(root.GetProperty("digest").GetString()!, root.GetProperty("diffId").GetString()!, size,
                root.GetProperty("uncompressedSize").GetInt64(), blobPath);
            return true;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            // A damaged record is a miss: the layer is rebuilt and the record rewritten.
            return false;
        }
    }

    /// <summary>
    /// The uncompressed size of a pulled base layer, which its manifest does not give: computed once by decompressing
    /// the blob, then remembered by digest, so a no-op publish on a large base does not inflate it again.
    /// </summary>
    public long UncompressedSizeOf(string digest, Func<long> compute)
    {
        var path = System.IO.Path.Combine(Directory, "sizes", Registry.Digests.Hex(digest));
        if (File.Exists(path) && long.TryParse(File.ReadAllText(path), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var known))
        {
            return known;
        }
        var size = compute();
        System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.partial";
        File.WriteAllText(temporary, size.ToString(System.Globalization.CultureInfo.InvariantCulture));
        File.Move(temporary, path, overwrite: true);
        return size;
    }

    public static string KeyOf(LayerTree tree, DateTimeOffset modificationTime, CompressionLevel level)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Line(string text) => hash.AppendData(Encoding.UTF8.GetBytes(text + "\n"));
        Line(FormatVersion);
        Line(modificationTime.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        Line(level.ToString());
        foreach (var entry in tree.Entries)
        {
            var identity = entry.Kind == LayerEntryKind.Directory ? "-"
                : entry.Kind == LayerEntryKind.SymbolicLink ? "-> " + entry.LinkTarget
                : entry.Content is not null ? Convert.ToHexStringLower(SHA256.HashData(entry.Content))
                : ContentHash(entry.SourcePath!);
            Line($"{entry.Path}\t{entry.Kind}\t{(int)entry.Mode}\t{identity}");
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static string ContentHash(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Convert.ToHexStringLower(SHA256.HashData(file));
    }
}
