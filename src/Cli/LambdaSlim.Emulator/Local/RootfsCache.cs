using LambdaSlim.Core;
using LambdaSlim.Core.Oci;
using LambdaSlim.Core.Registry;

namespace LambdaSlim.Emulator.Local;

/// <summary>
/// The root filesystems of images, unpacked once per manifest digest into <c>CACHE/rootfs/HEX/</c> (layers applied
/// oldest first, each checked against its digest) and reused by every later run of the same image.
/// </summary>
public static class RootfsCache
{
    /// <summary>Folders the sandbox mounts over (<c>--proc</c>, <c>--dev</c>, <c>--tmpfs</c>): a read-only root cannot grow them later.</summary>
    private static readonly string[] MountPoints = ["proc", "dev", "tmp"];

    /// <summary>The unpacked root filesystem of <paramref name="manifest"/>; <paramref name="unpacked"/> tells whether this call did the work.</summary>
    public static string GetOrUnpack(OciLayoutImage layout, LayoutManifest manifest, string cacheRoot, out bool unpacked)
    {
        var final = Path.Combine(cacheRoot, "rootfs", Digests.Hex(manifest.Digest));
        var didUnpack = false;
        LocalCache.GetOrCreate(final, target =>
        {
            didUnpack = true;
            foreach (var layer in manifest.Manifest.Layers)
            {
                layout.VerifyLayer(layer);
                LayerApplier.Apply(layout.BlobPath(layer.Digest), IsGzip(layout, layer), target);
            }
            foreach (var mountPoint in MountPoints)
            {
                var path = Path.Combine(target, mountPoint);
                if (!Path.Exists(path))
                {
                    Directory.CreateDirectory(path);
                }
            }
        });
        unpacked = didUnpack;
        return final;
    }

    private static bool IsGzip(OciLayoutImage layout, OciDescriptor layer)
    {
        if (OciMediaTypes.IsGzipLayer(layer.MediaType))
        {
            return true;
        }
        if (layer.MediaType is OciMediaTypes.OciLayerTar or OciMediaTypes.DockerLayerTar)
        {
            return false;
        }
        throw new LambdaSlimException(LocalErrorCodes.InvalidImage,
            $"The layer {layer.Digest} of the image at '{layout.Directory}' has media type '{layer.MediaType}'; " +
            "only tar and tar+gzip layers can be run here (and Lambda accepts only those too). Rebuild the image with gzip layers.");
    }
}
