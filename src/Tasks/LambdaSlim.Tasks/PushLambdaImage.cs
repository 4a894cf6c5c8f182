using LambdaSlim.Core.Registry;
using LambdaSlim.Core.Registry.Credentials;
using LambdaSlim.Core.Registry.Ecr;
using LambdaSlim.Core.Registry.Push;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace LambdaSlim.Tasks;

/// <summary>
/// Pushes the OCI layout the image target wrote to ContainerRegistry/ContainerRepository: each tag T as the
/// index and T-x86_64 / T-arm64 as the per-architecture manifests Lambda can deploy. See docs/registry.md.
/// </summary>
public sealed class PushLambdaImage : LambdaSlimTask, ICancelableTask
{
    private readonly CancellationTokenSource _cancel = new();

    /// <summary>The OCI image layout folder ($(LambdaOutputRoot)image/).</summary>
    [Required] public string LayoutDirectory { get; set; } = "";
    /// <summary>ContainerRegistry: host[:port], no scheme.</summary>
    [Required] public string Registry { get; set; } = "";
    /// <summary>ContainerRepository.</summary>
    [Required] public string Repository { get; set; } = "";
    /// <summary>ContainerImageTags (or ContainerImageTag); each must name an image in the layout.</summary>
    [Required] public string[] Tags { get; set; } = [];
    /// <summary>LambdaEcrCreateRepository: create a missing ECR repository (default true).</summary>
    public bool CreateEcrRepository { get; set; } = true;
    /// <summary>LambdaRegistryMountFrom: a repository on the same registry to mount shared blobs from.</summary>
    public string MountFrom { get; set; } = "";

    /// <summary>One item per architecture: Include = architecture, metadata Digest, Uri (REGISTRY/REPO@sha256:…), Tags.</summary>
    [Output] public ITaskItem[] PushedImages { get; private set; } = [];
    [Output] public string IndexDigest { get; private set; } = "";

    public void Cancel() => _cancel.Cancel();

    protected override void ExecuteCore()
    {
        var log = new TaskRegistryLog(Log);
        using var ecr = new EcrAuthority(new EcrClientOptions { Log = log });
        var options = new RegistryClientOptions { Credentials = CredentialResolver.FromProcessEnvironment(ecr), Log = log };
        var request = new PushRequest(LayoutDirectory, Registry.Trim(), Repository.Trim(), Tags.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct().ToList())
        {
            MountFrom = string.IsNullOrWhiteSpace(MountFrom) ? null : MountFrom.Trim(),
            CreateEcrRepository = CreateEcrRepository,
        };
        var result = new ImagePusher(options).PushAsync(request, _cancel.Token).GetAwaiter().GetResult();
        IndexDigest = result.IndexDigest ?? "";
        PushedImages = result.Manifests.Select(m => (ITaskItem)new TaskItem(m.Architecture, new Dictionary<string, string>
        {
            ["Digest"] = m.Digest,
            ["Uri"] = m.Uri,
            ["Tags"] = string.Join(';', m.Tags),
        })).ToArray();
    }
}
