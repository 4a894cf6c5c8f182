using LambdaSlim.Core.Oci;
namespace LambdaSlim.Core.Registry.Push;

/// <summary>
/// Reads an OCI image layout directory (the image builder's output, a standard): <c>index.json</c> names each
/// tag through the <c>org.opencontainers.image.ref.name</c> annotation; blobs live at <c>blobs/sha256/HEX</c>.
/// Manifests are returned as raw bytes, verified against their digest.
/// </summary>
public sealed class OciLayoutSource
{
    private readonly IReadOnlyList<OciDescriptor> _entries;

    private OciLayoutSource(string root, IReadOnlyList<OciDescriptor> entries)
    {
        Root = root;
        _entries = entries;
    }

    public string Root { get; }

    public static OciLayoutSource Open(string root)
    {
        var index = Path.Combine(root, "index.json");
        if (!File.Exists(Path.Combine(root, "oci-layout")) || !File.Exists(index))
        {
            throw new LambdaSlimException("LSLIM3010", $"{root} is not an OCI image layout (oci-layout or index.json is missing). Build the image first (PublishLambdaImage=true) or check LambdaOutputPath.");
        }
        return new OciLayoutSource(root, ManifestContent.IndexEntries(File.ReadAllBytes(index)));
    }

    /// <summary>The descriptor index.json names <paramref name="refName"/>.</summary>
    public OciDescriptor Resolve(string refName)
        => _entries.FirstOrDefault(e => e.RefName == refName)
            ?? throw new LambdaSlimException("LSLIM3010",
                $"The image layout {Root} has no image tagged '{refName}' (it has: {string.Join(", ", _entries.Select(e => e.RefName ?? e.Digest))}). Build the image with the same ContainerImageTag(s) you push.");

    public string BlobPath(OciDescriptor descriptor)
    {
        var path = Path.Combine(Root, "blobs", "sha256", Digests.Hex(descriptor.Digest));
        var info = new FileInfo(path);
        if (!info.Exists || info.Length != descriptor.Size)
        {
            throw new LambdaSlimException("LSLIM3010", $"The image layout {Root} lacks blob {descriptor.Digest} of {descriptor.Size} bytes (missing or of another size). Rebuild the image.");
        }
        return path;
    }

    /// <summary>A manifest or index, as its exact bytes (checked against the digest that names it).</summary>
    public byte[] ReadManifest(OciDescriptor descriptor)
    {
        var bytes = File.ReadAllBytes(BlobPath(descriptor));
        if (Digests.Of(bytes) != descriptor.Digest)
        {
            throw new LambdaSlimException("LSLIM3010", $"The blob {descriptor.Digest} in {Root} does not match its digest. The layout is corrupt: rebuild the image.");
        }
        return bytes;
    }
}
