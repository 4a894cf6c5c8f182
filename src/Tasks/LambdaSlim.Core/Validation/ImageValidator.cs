using System.Formats.Tar;
using LambdaSlim.Core.Oci;

namespace LambdaSlim.Core.Validation;

/// <summary>
/// Lambda's rules for a deployable image, checked before anything is written, so an image that local tools accept
/// but Lambda would reject at function creation never leaves the build (design notes §2).
/// </summary>
public static class ImageValidator
{
    /// <summary>Lambda's limit: 10 GB uncompressed, all layers included (taken as GiB, the unit AWS quotas use).</summary>
    public const long MaxUncompressedBytes = 10L * 1024 * 1024 * 1024;

    /// <summary>
    /// Validates one platform image. <paramref name="uncompressedSizes"/> has one size per layer;
    /// <paramref name="listing"/> returns a layer's entries (image path → type) and is only called for the layers it
    /// takes to find the entrypoint, top layer first.
    /// </summary>
    public static void Validate(string manifestMediaType, ImageManifest manifest, ImageConfig config,
        IReadOnlyList<long> uncompressedSizes, Func<int, IReadOnlyDictionary<string, TarEntryType>> listing)
    {
        if (!OciMediaTypes.IsManifest(manifestMediaType))
        {
            throw new LambdaSlimException("LSLIM2031",
                $"A per-architecture image must be a single-platform manifest, but it is '{manifestMediaType}'. Lambda rejects image indexes: deploy the TAG-x86_64 or TAG-arm64 reference, not the index.");
        }
        foreach (var layer in manifest.Layers)
        {
            if (!OciMediaTypes.IsGzipLayer(layer.MediaType))
            {
                throw new LambdaSlimException("LSLIM2030",
                    $"Layer {layer.Digest} has media type '{layer.MediaType}'. Lambda accepts only gzip-compressed layers (uncompressed layers fail at function creation with UnsupportedImageLayerDetected): use a base image with gzip layers.");
            }
        }
        if (config.DiffIds.Count != manifest.Layers.Count)
        {
            throw new LambdaSlimException("LSLIM2036",
                $"The image config lists {config.DiffIds.Count} diff_ids for {manifest.Layers.Count} layers. The base image is inconsistent: pull it again.");
        }
        var layerHistory = config.History.Count(h => !h.EmptyLayer);
        if (layerHistory != manifest.Layers.Count)
        {
            throw new LambdaSlimException("LSLIM2032",
                $"The image config has {layerHistory} history entries for {manifest.Layers.Count} layers. Lambda and tools such as umoci need one history entry per layer: use a base image whose history matches its layers.");
        }
        var total = uncompressedSizes.Sum();
        if (total > MaxUncompressedBytes)
        {
            throw new LambdaSlimException("LSLIM2035",
                $"The image is {total:N0} bytes uncompressed, over Lambda's 10 GB limit. Remove files from the app folder or LambdaImageFile items, or use a smaller base image.");
        }
        ValidateEntrypoint(config, manifest.Layers.Count, listing);
    }

    private static void ValidateEntrypoint(ImageConfig config, int layerCount, Func<int, IReadOnlyDictionary<string, TarEntryType>> listing)
    {
        var entrypoint = config.Config.Entrypoint;
        if (entrypoint is null || entrypoint.Count == 0 || string.IsNullOrEmpty(entrypoint[0]))
        {
            throw new LambdaSlimException("LSLIM2033", "The image has no entrypoint. Lambda starts the ENTRYPOINT: it must be [\"/var/task/bootstrap\"] or another absolute path.");
        }
        var path = entrypoint[0];
        if (!path.StartsWith('/'))
        {
            throw new LambdaSlimException("LSLIM2033",
                $"The entrypoint '{path}' is a relative path. Lambda needs an absolute ENTRYPOINT such as /var/task/bootstrap.");
        }

        // The topmost layer that has a path decides what it is. Check the file and each of its parent directories.
        var segments = path.Trim('/').Split('/');
        var listings = new Dictionary<int, IReadOnlyDictionary<string, TarEntryType>>();
        for (var depth = 1; depth <= segments.Length; depth++)
        {
            var prefix = string.Join('/', segments.Take(depth));
            var type = TopmostType(prefix, layerCount, listing, listings);
            var isFile = depth == segments.Length;
            if (type is TarEntryType.SymbolicLink or TarEntryType.HardLink)
            {
                throw new LambdaSlimException("LSLIM2034",
                    $"The entrypoint '{path}' goes through a link at '/{prefix}'. Lambda requires the ENTRYPOINT to be a regular file, not a symlink: put the executable itself at that path.");
            }
            if (isFile && type is null)
            {
                throw new LambdaSlimException("LSLIM2034",
                    $"The entrypoint '{path}' is not in any layer. The app layer must hold the bootstrap executable at that path.");
            }
            if (isFile && type is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile))
            {
                throw new LambdaSlimException("LSLIM2034",
                    $"The entrypoint '{path}' is a {type} entry, not a regular file. Put the executable itself at that path.");
            }
        }
    }

    private static TarEntryType? TopmostType(string relativePath, int layerCount,
        Func<int, IReadOnlyDictionary<string, TarEntryType>> listing, Dictionary<int, IReadOnlyDictionary<string, TarEntryType>> listings)
    {
        for (var i = layerCount - 1; i >= 0; i--)
        {
            if (!listings.TryGetValue(i, out var entries))
            {
                entries = listings[i] = listing(i);
            }
            if (entries.TryGetValue(relativePath, out var type))
            {
                return type;
            }
        }
        return null;
    }

    /// <summary>
    /// Checks that a reference meant for Lambda (TAG-x86_64, TAG-arm64) names a single-platform manifest.
    /// </summary>
    public static void ValidateDeployable(OciDescriptor reference)
    {
        if (!OciMediaTypes.IsManifest(reference.MediaType))
        {
            throw new LambdaSlimException("LSLIM2031",
                $"The reference '{reference.RefName}' names a '{reference.MediaType}', but Lambda accepts only a single-platform manifest there. Point per-architecture tags at the platform manifests.");
        }
    }

    /// <summary>Entries of a gzip tar layer, keyed by relative path without leading './' or '/' or trailing '/'.</summary>
    public static IReadOnlyDictionary<string, TarEntryType> ReadListing(string gzipLayerPath)
    {
        var entries = new Dictionary<string, TarEntryType>(StringComparer.Ordinal);
        using var file = File.OpenRead(gzipLayerPath);
        using var gzip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionMode.Decompress);
        using var reader = new TarReader(gzip);
        while (reader.GetNextEntry() is { } entry)
        {
            entries[NormalizeName(entry.Name)] = entry.EntryType;
        }
        return entries;
    }

    public static string NormalizeName(string name)
    {
        var trimmed = name.StartsWith("./", StringComparison.Ordinal) ? name[2..] : name;
        return trimmed.Trim('/');
    }
}
