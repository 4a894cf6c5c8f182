using LambdaSlim.Core.Oci;
using System.Diagnostics;
using LambdaSlim.Core.Registry.Credentials;
using LambdaSlim.Core.Registry.Transport;

namespace LambdaSlim.Core.Registry.Push;

/// <summary>
/// Pushes an OCI layout to a registry in the order the spec requires: every blob (skipping those the registry
/// has, mounting when a source repository is known), then each per-architecture manifest under T-ARCH, then the
/// index under T — an index never lands before its manifests. Each blob and manifest is one retried step, so a
/// push cut off half-way and run again sends only what is missing. Blobs go one at a time: ECR's parallel
/// uploads have been unreliable and a Lambda image has few layers.
/// </summary>
public sealed class ImagePusher(RegistryClientOptions options)
{
    private readonly IRegistryLog _log = options.Log;

    public async Task<PushResult> PushAsync(PushRequest request, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        Validate(request);
        var layout = OciLayoutSource.Open(request.LayoutPath);
        var plan = Plan(layout, request.Tags);

        await EnsureEcrRepositoryAsync(request, cancellationToken).ConfigureAwait(false);

        var scopes = new List<string> { RegistryClient.Scope(request.Repository, push: true) };
        if (request.MountFrom is not null)
        {
            scopes.Add(RegistryClient.Scope(request.MountFrom, push: false));
        }
        using var client = await RegistryClient.ConnectAsync(options, request.Registry, RegistryMode.Push, scopes, cancellationToken).ConfigureAwait(false);

        int uploaded = 0, skipped = 0, mounted = 0;
        long bytes = 0;
        foreach (var blob in plan.Blobs)
        {
            var path = layout.BlobPath(blob);
            var outcome = await client.Retry.ExecuteAsync($"pushing blob {blob.Digest}",
                token => PushBlobAsync(client, request, blob, path, token), cancellationToken).ConfigureAwait(false);
            switch (outcome)
            {
                case BlobOutcome.Existed: skipped++; break;
                case BlobOutcome.Mounted: mounted++; break;
                default: uploaded++; bytes += blob.Size; break;
            }
        }

        var pushed = new List<PushedManifest>();
        foreach (var manifest in plan.Manifests)
        {
            var content = layout.ReadManifest(manifest.Descriptor);
            foreach (var tag in manifest.Tags.DefaultIfEmpty(manifest.Descriptor.Digest))
            {
                await client.Retry.ExecuteAsync($"pushing manifest {tag}",
                    token => client.PutManifestAsync(request.Repository, tag, content, MediaTypeOf(manifest.Descriptor, content), token), cancellationToken).ConfigureAwait(false);
            }
            if (manifest.Architecture is not null)
            {
                var uri = $"{request.Registry}/{request.Repository}@{manifest.Descriptor.Digest}";
                pushed.Add(new PushedManifest(manifest.Architecture, manifest.Descriptor.Digest, uri, manifest.Tags));
                _log.Info($"Pushed {manifest.Architecture} image: {uri} (tags {string.Join(", ", manifest.Tags)})");
            }
        }
        string? indexDigest = null;
        foreach (var index in plan.Indexes)
        {
            var content = layout.ReadManifest(index.Descriptor);
            foreach (var tag in index.Tags)
            {
                await client.Retry.ExecuteAsync($"pushing index {tag}",
                    token => client.PutManifestAsync(request.Repository, tag, content, MediaTypeOf(index.Descriptor, content), token), cancellationToken).ConfigureAwait(false);
            }
            indexDigest ??= index.Descriptor.Digest;
            _log.Info($"Pushed index {request.Registry}/{request.Repository}@{index.Descriptor.Digest} (tags {string.Join(", ", index.Tags)}; Lambda needs a per-architecture digest above, not the index)");
        }

        var result = new PushResult(pushed, indexDigest, uploaded, skipped, mounted, bytes, clock.Elapsed);
        _log.Info($"Pushed to {request.Registry}/{request.Repository} in {clock.Elapsed.TotalSeconds:0.00} s: {uploaded} blob(s) uploaded ({UploadProgress.Size(bytes)}), {skipped} already there, {mounted} mounted");
        return result;
    }

    /// <summary>
    /// ECR refuses pushes to a missing repository, so it is created first. Without AWS credentials (a user who
    /// only ran `docker login`) this is a warning, not a failure: the push itself then says whether the
    /// repository exists.
    /// </summary>
    private async Task EnsureEcrRepositoryAsync(PushRequest request, CancellationToken cancellationToken)
    {
        var ecr = options.Credentials.Ecr;
        if (ecr is null || !request.CreateEcrRepository || !ecr.IsEcrHost(request.Registry))
        {
            return;
        }
        try
        {
            if (await ecr.EnsureRepositoryAsync(request.Registry, request.Repository, cancellationToken).ConfigureAwait(false))
            {
                _log.Info($"Created ECR repository {request.Repository} on {request.Registry}");
            }
        }
        catch (LambdaSlimException e)
        {
            _log.Warning($"Could not check or create the ECR repository {request.Repository} ({e.Code}: {e.Message}) Pushing anyway.");
        }
    }

    private enum BlobOutcome { Existed, Mounted, Uploaded }

    /// <summary>One blob, start to end: check → (mount) → upload → commit. Retried as a whole from the check.</summary>
    private async Task<BlobOutcome> PushBlobAsync(RegistryClient client, PushRequest request, OciDescriptor blob, string path, CancellationToken cancellationToken)
    {
        if (await client.BlobExistsAsync(request.Repository, blob.Digest, cancellationToken).ConfigureAwait(false))
        {
            _log.Detail($"Blob {UploadProgress.Short(blob.Digest)} already in {request.Repository}: skipped");
            return BlobOutcome.Existed;
        }
        Uri location;
        if (request.MountFrom is not null)
        {
            var (wasMounted, upload) = await client.MountBlobAsync(request.Repository, blob.Digest, request.MountFrom, cancellationToken).ConfigureAwait(false);
            if (wasMounted)
            {
                _log.Detail($"Blob {UploadProgress.Short(blob.Digest)} mounted from {request.MountFrom}");
                return BlobOutcome.Mounted;
            }
            location = upload!;
        }
        else
        {
            location = await client.StartUploadAsync(request.Repository, cancellationToken).ConfigureAwait(false);
        }

        var progress = new UploadProgress(_log, blob.Digest, blob.Size);
        if (blob.Size <= options.MonolithicLimit)
        {
            await client.CompleteUploadAsync(request.Repository, location, blob.Digest, new FileRangeContent(path, 0, blob.Size, progress.Add), cancellationToken).ConfigureAwait(false);
            progress.Done("Uploaded");
            return BlobOutcome.Uploaded;
        }
        for (long offset = 0; offset < blob.Size; offset += options.ChunkSize)
        {
            var length = Math.Min(options.ChunkSize, blob.Size - offset);
            location = await client.UploadChunkAsync(request.Repository, location, path, offset, length, progress.Add, cancellationToken).ConfigureAwait(false);
        }
        await client.CompleteUploadAsync(request.Repository, location, blob.Digest, body: null, cancellationToken).ConfigureAwait(false);
        progress.Done("Uploaded in chunks");
        return BlobOutcome.Uploaded;
    }

    private static string MediaTypeOf(OciDescriptor descriptor, byte[] content)
        => string.IsNullOrEmpty(descriptor.MediaType) ? ManifestContent.MediaTypeOf(content, null) : descriptor.MediaType;

    private sealed record PlannedManifest(OciDescriptor Descriptor, string? Architecture, List<string> Tags);

    private sealed record PushPlan(List<OciDescriptor> Blobs, List<PlannedManifest> Manifests, List<PlannedManifest> Indexes);

    /// <summary>Works out, from the layout, the distinct blobs and which manifest goes under which tags.</summary>
    private static PushPlan Plan(OciLayoutSource layout, IReadOnlyList<string> tags)
    {
        var blobs = new Dictionary<string, OciDescriptor>(StringComparer.Ordinal);
        var manifests = new Dictionary<string, PlannedManifest>(StringComparer.Ordinal);
        var indexes = new Dictionary<string, PlannedManifest>(StringComparer.Ordinal);

        void AddManifest(OciDescriptor descriptor, string? architecture, string? tag)
        {
            if (!manifests.TryGetValue(descriptor.Digest, out var planned))
            {
                planned = manifests[descriptor.Digest] = new PlannedManifest(descriptor, architecture, []);
                foreach (var blob in ManifestContent.ManifestBlobs(layout.ReadManifest(descriptor)))
                {
                    blobs.TryAdd(blob.Digest, blob);
                }
            }
            if (tag is not null && !planned.Tags.Contains(tag))
            {
                planned.Tags.Add(tag);
            }
        }

        foreach (var tag in tags)
        {
            var root = layout.Resolve(tag);
            var content = layout.ReadManifest(root);
            if (MediaTypes.IsIndex(MediaTypeOf(root, content)))
            {
                if (!indexes.TryGetValue(root.Digest, out var index))
                {
                    index = indexes[root.Digest] = new PlannedManifest(root, null, []);
                }
                index.Tags.Add(tag);
                foreach (var entry in ManifestContent.IndexEntries(content))
                {
                    var architecture = LambdaArchitectures.FromPlatform(entry.Platform?.Architecture);
                    // Entries Lambda cannot run (attestations, other platforms) are pushed by digest only.
                    AddManifest(entry, architecture, architecture is null ? null : $"{tag}-{architecture}");
                }
            }
            else
            {
                AddManifest(root, null, tag);
            }
        }
        return new PushPlan(blobs.Values.ToList(), manifests.Values.ToList(), indexes.Values.ToList());
    }

    private static void Validate(PushRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Registry) || request.Registry.Contains('/') || request.Registry.Contains("://"))
        {
            throw new LambdaSlimException("LSLIM3008", $"ContainerRegistry '{request.Registry}' must be a host name with an optional port (e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com or localhost:5000), without scheme or path.");
        }
        if (!ImageReference.IsValidRepository(request.Repository))
        {
            throw new LambdaSlimException("LSLIM3008", $"ContainerRepository '{request.Repository}' is not a valid repository name: use lower-case letters, digits, '.', '_', '-' and '/' (set ContainerRepository explicitly if the assembly name has other characters).");
        }
        if (request.Tags.Count == 0)
        {
            throw new LambdaSlimException("LSLIM3008", "No tag to push. Set ContainerImageTag or ContainerImageTags.");
        }
        foreach (var tag in request.Tags)
        {
            // The per-architecture tags add up to 7 characters ("-x86_64"), which must still fit the 128 limit.
            if (!ImageReference.IsValidTag(tag) || tag.Length > 121)
            {
                throw new LambdaSlimException("LSLIM3008", $"'{tag}' is not a valid image tag: use up to 121 letters, digits, '_', '.' and '-', not starting with '.' or '-' (121 so that '-x86_64' still fits).");
            }
        }
    }
}
