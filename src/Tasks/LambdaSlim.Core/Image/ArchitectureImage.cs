using LambdaSlim.Core.Closure;
using LambdaSlim.Core.Layers;
using LambdaSlim.Core.Oci;
using LambdaSlim.Core.Publishing;

namespace LambdaSlim.Core.Image;

/// <summary>
/// A layer of a built image: its role (<c>base</c>, a run-time part such as <c>openssl</c>, <c>app</c>,
/// <c>base image</c>), manifest descriptor, diffID, uncompressed size, the blob file, and for layers built here their
/// entries (null for a pulled base's layers).
/// </summary>
public sealed record ImageLayer(string Role, OciDescriptor Descriptor, string DiffId, long UncompressedSize, string BlobPath, IReadOnlyCollection<LayerEntry>? Entries);

/// <summary>
/// One platform's image: config and manifest as the exact bytes that are hashed and stored; the closure of its base
/// layer and the run-time parts (each its own layer) when the base was built here.
/// </summary>
public sealed record ArchitectureImage(
    LambdaArchitecture Architecture,
    Platform Platform,
    ImageConfig Config,
    byte[] ConfigJson,
    ImageManifest Manifest,
    byte[] ManifestJson,
    OciDescriptor ManifestDescriptor,
    IReadOnlyList<ImageLayer> Layers,
    ClosureResult? Closure,
    IReadOnlyList<Runtime.ResolvedPart> Parts,
    int LayersBuilt);

/// <summary>The result of a build: the index over the platform images, where it was written, and how long it took.</summary>
public sealed record ImageBuildResult(
    ImageIndex Index,
    byte[] IndexJson,
    OciDescriptor IndexDescriptor,
    IReadOnlyList<ArchitectureImage> Images,
    IReadOnlyList<string> Tags,
    string LayoutDirectory,
    string? ArchivePath,
    bool OutputsUnchanged,
    TimeSpan Elapsed);
