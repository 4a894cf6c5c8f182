namespace LambdaSlim.Core.Image;

/// <summary>What the app layer is put on top of (<c>LambdaBaseImage</c>).</summary>
public abstract record BaseImage
{
    /// <summary>
    /// The default: a base layer built here from the sysroot closure of the app (loader and libraries), the CA
    /// bundle, passwd/group, /tmp and /var/task. Identical bytes for every function with the same closure.
    /// </summary>
    public sealed record Closure : BaseImage;

    /// <summary>No base layer: only the app layer. Needs a statically linked bootstrap.</summary>
    public sealed record Scratch : BaseImage;

    /// <summary>
    /// A pulled base image stored as an OCI layout (the registry helper's pull cache): its single-platform manifest
    /// <paramref name="ManifestDigest"/> gives the layers, reused blob for blob, and the config whose Env, User,
    /// Labels and history are kept.
    /// </summary>
    public sealed record OciLayout(string LayoutPath, string ManifestDigest) : BaseImage;
}
