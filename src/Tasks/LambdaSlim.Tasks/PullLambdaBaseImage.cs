using LambdaSlim.Core.Registry;
using LambdaSlim.Core.Registry.Credentials;
using LambdaSlim.Core.Registry.Ecr;
using LambdaSlim.Core.Registry.Pull;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace LambdaSlim.Tasks;

/// <summary>
/// Pulls LambdaBaseImage for each architecture into the base-image cache (an OCI layout) and hands the image
/// target one LambdaBaseImageLayout item per architecture. See docs/registry.md.
/// </summary>
public sealed class PullLambdaBaseImage : LambdaSlimTask, ICancelableTask
{
    private readonly CancellationTokenSource _cancel = new();

    /// <summary>LambdaBaseImage: REGISTRY/REPOSITORY[:TAG][@DIGEST].</summary>
    [Required] public string BaseImage { get; set; } = "";
    /// <summary>Lambda architectures to pull (x86_64, arm64).</summary>
    [Required] public string[] Architectures { get; set; } = [];
    /// <summary>LambdaBaseImageCacheDirectory; empty means ~/.lambdaslim/cache/base-images.</summary>
    public string CacheDirectory { get; set; } = "";
    /// <summary>ContainerRegistry, so a base on the push registry uses the same credentials as the .NET SDK would.</summary>
    public string PushRegistry { get; set; } = "";

    /// <summary>One item per architecture: Include = OCI layout folder, metadata Architecture, ManifestDigest, ManifestMediaType.</summary>
    [Output] public ITaskItem[] BaseImageLayouts { get; private set; } = [];

    public void Cancel() => _cancel.Cancel();

    protected override void ExecuteCore()
    {
        var log = new TaskRegistryLog(Log);
        using var ecr = new EcrAuthority(new EcrClientOptions { Log = log });
        var options = new RegistryClientOptions { Credentials = CredentialResolver.FromProcessEnvironment(ecr), Log = log };
        var cache = new BaseImageCache(string.IsNullOrWhiteSpace(CacheDirectory) ? BaseImageCache.DefaultRoot() : CacheDirectory);
        var architectures = Architectures.Select(a => a.Trim()).Where(a => a.Length > 0).Distinct().ToList();
        var pulled = new BaseImagePuller(options, cache)
            .PullAsync(BaseImage.Trim(), architectures, string.IsNullOrWhiteSpace(PushRegistry) ? null : PushRegistry.Trim(), _cancel.Token)
            .GetAwaiter().GetResult();
        BaseImageLayouts = pulled.Select(p => (ITaskItem)new TaskItem(p.LayoutPath, new Dictionary<string, string>
        {
            ["Architecture"] = p.Architecture,
            ["ManifestDigest"] = p.ManifestDigest,
            ["ManifestMediaType"] = p.ManifestMediaType,
        })).ToArray();
    }
}
