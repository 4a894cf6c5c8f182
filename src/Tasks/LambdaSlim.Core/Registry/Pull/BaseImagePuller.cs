using LambdaSlim.Core.Registry.Credentials;

namespace LambdaSlim.Core.Registry.Pull;

/// <summary>A base image ready for the image builder: an OCI layout and the platform manifest to build on.</summary>
/// <remarks><see cref="BlobsDownloaded"/> is 0 when everything came from the cache.</remarks>
public sealed record PulledBaseImage(string Architecture, string LayoutPath, string ManifestDigest, string ManifestMediaType, int BlobsDownloaded);

/// <summary>
/// Pulls a base image for each Lambda architecture: the reference's manifest (an index is narrowed to the
/// linux/amd64 or linux/arm64[/v8] entry), then its config and layers, into the <see cref="BaseImageCache"/>.
/// Blobs already cached are not downloaded again; a reference by digest that is fully cached needs no network.
/// </summary>
public sealed class BaseImagePuller(RegistryClientOptions options, BaseImageCache cache)
{
    private readonly IRegistryLog _log = options.Log;

    /// <param name="pushRegistry">The registry the build pushes to, if any: a base image there uses the PULL_ then generic credentials, as the .NET SDK does.</param>
    public async Task<IReadOnlyList<PulledBaseImage>> PullAsync(string reference, IReadOnlyList<string> architectures, string? pushRegistry, CancellationToken cancellationToken)
    {
        var image = ImageReference.Parse(reference);
        if (image.Digest is not null && TryFromCache(image, architectures) is { } cached)
        {
            _log.Detail($"Base image {reference}: all of it is cached in {cache.Root}");
            return cached;
        }

        var mode = string.Equals(pushRegistry, image.Registry, StringComparison.OrdinalIgnoreCase) ? RegistryMode.PullFromOutput : RegistryMode.Pull;
        using var client = await RegistryClient.ConnectAsync(options, image.ApiHost, mode,
            [RegistryClient.Scope(image.Repository, push: false)], cancellationToken).ConfigureAwait(false);

        var top = await client.Retry.ExecuteAsync($"reading {reference}",
            token => client.GetManifestAsync(image.Repository, image.Reference, token), cancellationToken).ConfigureAwait(false);
        cache.StoreManifest(top);

        var pulled = new List<PulledBaseImage>();
        foreach (var architecture in architectures)
        {
            var manifest = await PlatformManifestAsync(client, image, top, architecture, cancellationToken).ConfigureAwait(false);
            int downloaded = 0, reused = 0;
            foreach (var blob in ManifestContent.ManifestBlobs(manifest.Bytes))
            {
                if (cache.Has(blob))
                {
                    reused++;
                    continue;
                }
                await client.Retry.ExecuteAsync($"downloading {blob.Digest} of {reference}",
                    token => client.DownloadBlobAsync(image.Repository, blob.Digest, cache.BlobPath(blob.Digest), token), cancellationToken).ConfigureAwait(false);
                downloaded++;
            }
            cache.Name(RefName(image, architecture), manifest.Digest, manifest.Bytes.Length, manifest.MediaType);
            _log.Info($"Base image {reference} ({architecture}): {image.Registry}/{image.Repository}@{manifest.Digest}, {downloaded} blob(s) downloaded, {reused} from the cache");
            pulled.Add(new PulledBaseImage(architecture, cache.Root, manifest.Digest, manifest.MediaType, downloaded));
        }
        return pulled;
    }

    private async Task<ManifestBytes> PlatformManifestAsync(RegistryClient client, ImageReference image, ManifestBytes top, string architecture, CancellationToken cancellationToken)
    {
        if (!MediaTypes.IsIndex(top.MediaType))
        {
            // A single-platform reference: usable only for the architecture its config declares.
            var config = ManifestContent.ManifestBlobs(top.Bytes)[0];
            if (!cache.Has(config))
            {
                await client.Retry.ExecuteAsync($"downloading the config of {image}",
                    token => client.DownloadBlobAsync(image.Repository, config.Digest, cache.BlobPath(config.Digest), token), cancellationToken).ConfigureAwait(false);
            }
            var declared = ConfigArchitecture(File.ReadAllBytes(cache.BlobPath(config.Digest)));
            if (declared != LambdaArchitectures.ToPlatform(architecture))
            {
                throw NoPlatform(image, architecture, $"it is a single-platform image for {declared ?? "an unknown architecture"}");
            }
            return top;
        }
        var entries = ManifestContent.IndexEntries(top.Bytes);
        var entry = entries.FirstOrDefault(e => LambdaArchitectures.Matches(e, architecture))
            ?? throw NoPlatform(image, architecture, "its index lists " + string.Join(", ", entries.Select(e => e.Platform?.ToString() ?? "an entry without a platform")));
        if (cache.HasManifest(entry.Digest))
        {
            return new ManifestBytes(cache.ReadManifest(entry.Digest), entry.MediaType, entry.Digest);
        }
        var manifest = await client.Retry.ExecuteAsync($"reading the {architecture} manifest of {image}",
            token => client.GetManifestAsync(image.Repository, entry.Digest, token), cancellationToken).ConfigureAwait(false);
        cache.StoreManifest(manifest);
        return manifest;
    }

    /// <summary>A digest-pinned image whose manifests and blobs are all cached is served without the network.</summary>
    private IReadOnlyList<PulledBaseImage>? TryFromCache(ImageReference image, IReadOnlyList<string> architectures)
    {
        if (!cache.HasManifest(image.Digest!))
        {
            return null;
        }
        var top = cache.ReadManifest(image.Digest!);
        var mediaType = ManifestContent.MediaTypeOf(top, null);
        var result = new List<PulledBaseImage>();
        foreach (var architecture in architectures)
        {
            string digest;
            byte[] manifest;
            if (MediaTypes.IsIndex(mediaType))
            {
                var entry = ManifestContent.IndexEntries(top).FirstOrDefault(e => LambdaArchitectures.Matches(e, architecture));
                if (entry is null || !cache.HasManifest(entry.Digest))
                {
                    return null;
                }
                digest = entry.Digest;
                manifest = cache.ReadManifest(digest);
            }
            else
            {
                digest = image.Digest!;
                manifest = top;
            }
            var blobs = ManifestContent.ManifestBlobs(manifest);
            if (!blobs.All(cache.Has) || (!MediaTypes.IsIndex(mediaType) && ConfigArchitecture(File.ReadAllBytes(cache.BlobPath(blobs[0].Digest))) != LambdaArchitectures.ToPlatform(architecture)))
            {
                return null;
            }
            result.Add(new PulledBaseImage(architecture, cache.Root, digest, ManifestContent.MediaTypeOf(manifest, null), 0));
        }
        return result;
    }

    private static string RefName(ImageReference image, string architecture) => $"{image}@{architecture}";

    private static string? ConfigArchitecture(byte[] config)
    {
        using var document = System.Text.Json.JsonDocument.Parse(config);
        return document.RootElement.TryGetProperty("architecture", out var a) ? a.GetString() : null;
    }

    private static LambdaSlimException NoPlatform(ImageReference image, string architecture, string why)
        => new("LSLIM3014",
            $"The base image {image} has no linux/{LambdaArchitectures.ToPlatform(architecture)} image for {architecture} ({why}). Pick a multi-platform base image, or build only for the architectures it supports.");
}
