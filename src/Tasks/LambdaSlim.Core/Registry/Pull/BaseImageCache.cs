using LambdaSlim.Core.Oci;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LambdaSlim.Core.Registry.Pull;

/// <summary>
/// The on-disk cache of pulled base images, itself an OCI image layout: blobs by digest (written only once
/// complete and verified, so a cut-off pull never leaves a bad blob) and an index.json naming each pulled
/// platform manifest as <c>REFERENCE@ARCH</c>. The image builder reads it like any OCI layout.
/// </summary>
public sealed class BaseImageCache
{
    private const string RefNameAnnotation = "org.opencontainers.image.ref.name";

    public BaseImageCache(string root)
    {
        Root = Path.GetFullPath(root);
        Directory.CreateDirectory(Path.Combine(Root, "blobs", "sha256"));
        var marker = Path.Combine(Root, "oci-layout");
        if (!File.Exists(marker))
        {
            WriteAtomically(marker, """{"imageLayoutVersion":"1.0.0"}"""u8.ToArray());
        }
    }

    public string Root { get; }

    /// <summary>The default cache folder: <c>~/.lambdaslim/cache/base-images</c>.</summary>
    public static string DefaultRoot()
        => Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".lambdaslim", "cache", "base-images");

    public string BlobPath(string digest) => Path.Combine(Root, "blobs", "sha256", Digests.Hex(digest));

    /// <summary>True when the blob is present with the expected size (blobs appear only after verification).</summary>
    public bool Has(OciDescriptor descriptor)
    {
        var info = new FileInfo(BlobPath(descriptor.Digest));
        return info.Exists && info.Length == descriptor.Size;
    }

    public bool HasManifest(string digest) => File.Exists(BlobPath(digest));

    public void StoreManifest(ManifestBytes manifest) => WriteAtomically(BlobPath(manifest.Digest), manifest.Bytes);

    public byte[] ReadManifest(string digest)
    {
        var bytes = File.ReadAllBytes(BlobPath(digest));
        if (Digests.Of(bytes) != digest)
        {
            File.Delete(BlobPath(digest));
            throw new LambdaSlimException("LSLIM3007", $"The cached manifest {digest} in {Root} was corrupt and has been removed. Run the build again to download it anew.");
        }
        return bytes;
    }

    /// <summary>Names a manifest in index.json (replacing an older entry of the same name).</summary>
    public void Name(string refName, string digest, long size, string mediaType)
    {
        var path = Path.Combine(Root, "index.json");
        JsonArray manifests = [];
        if (File.Exists(path))
        {
            try
            {
                manifests = JsonNode.Parse(File.ReadAllBytes(path))?["manifests"]?.AsArray() ?? [];
            }
            catch (JsonException)
            {
                // A damaged index only loses names; the blobs are still valid and will be named again.
            }
        }
        var kept = manifests
            .Where(m => m?["annotations"]?[RefNameAnnotation]?.GetValue<string>() != refName)
            .Select(m => m!.DeepClone())
            .ToList();
        kept.Add(new JsonObject
        {
            ["mediaType"] = mediaType,
            ["digest"] = digest,
            ["size"] = size,
            ["annotations"] = new JsonObject { [RefNameAnnotation] = refName },
        });
        var index = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = MediaTypes.OciIndex,
            ["manifests"] = new JsonArray(kept.ToArray()),
        };
        WriteAtomically(path, JsonSerializer.SerializeToUtf8Bytes(index, new JsonSerializerOptions { WriteIndented = true }));
    }

    private static void WriteAtomically(string path, byte[] bytes)
    {
        var temporary = path + "." + Guid.NewGuid().ToString("N")[..8] + ".partial";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
    }
}
