namespace LambdaSlim.Core.Registry.Push;

/// <summary>
/// What to push: the OCI layout the image builder wrote, where to, and under which tags. For each tag T the
/// layout's image T (an index) is pushed as T and its per-architecture manifests as T-x86_64 and T-arm64.
/// </summary>
public sealed record PushRequest(string LayoutPath, string Registry, string Repository, IReadOnlyList<string> Tags)
{
    /// <summary>A repository on the same registry that may already hold the blobs (cross-repository mount).</summary>
    public string? MountFrom { get; init; }

    /// <summary>On Amazon ECR, create the repository when it is missing (LambdaEcrCreateRepository).</summary>
    public bool CreateEcrRepository { get; init; } = true;
}

/// <summary>The outcome of a push: what to deploy and what it cost.</summary>
public sealed record PushResult(
    IReadOnlyList<PushedManifest> Manifests,
    string? IndexDigest,
    int BlobsUploaded,
    int BlobsSkipped,
    int BlobsMounted,
    long BytesUploaded,
    TimeSpan Elapsed);

/// <summary>A per-architecture manifest in the registry; <see cref="Uri"/> is what to give Lambda (REGISTRY/REPO@sha256:…).</summary>
public sealed record PushedManifest(string Architecture, string Digest, string Uri, IReadOnlyList<string> Tags);
