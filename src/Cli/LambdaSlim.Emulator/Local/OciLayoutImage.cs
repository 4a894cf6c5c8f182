using System.Security.Cryptography;
using LambdaSlim.Core;
using LambdaSlim.Core.Oci;
using LambdaSlim.Core.Publishing;
using LambdaSlim.Core.Registry;

namespace LambdaSlim.Emulator.Local;

/// <summary>One single-architecture image found in a layout, with the tags that reach it (directly or through an index).</summary>
public sealed record LayoutManifest(
    OciDescriptor Descriptor,
    ImageManifest Manifest,
    ImageConfig Config,
    LambdaArchitecture? Architecture,
    IReadOnlyList<string> RefNames)
{
    public string Digest => Descriptor.Digest;
}

/// <summary>
/// An OCI image layout folder read for running (not for pushing): index.json is walked, nested indexes by platform,
/// down to the single-architecture manifests; every JSON blob is checked against its digest before it is trusted.
/// </summary>
public sealed class OciLayoutImage
{
    private OciLayoutImage(string directory, IReadOnlyList<LayoutManifest> manifests)
    {
        Directory = directory;
        Manifests = manifests;
    }

    public string Directory { get; }

    /// <summary>The distinct single-architecture manifests, in index.json order.</summary>
    public IReadOnlyList<LayoutManifest> Manifests { get; }

    public static bool IsLayout(string directory) => File.Exists(Path.Combine(directory, "index.json"));

    public static OciLayoutImage Open(string directory)
    {
        if (!IsLayout(directory))
        {
            throw new LambdaSlimException(LocalErrorCodes.ImageNotFound,
                $"'{directory}' is a folder but not an OCI image layout (it has no index.json). " +
                "Pass the image folder a publish wrote (bin/<Configuration>/lambda/image/), its image.tar, or a bootstrap file.");
        }
        var found = new List<(OciDescriptor Descriptor, ImageManifest Manifest, ImageConfig Config, List<string> Refs)>();
        var index = Parse(() => ImageIndex.Parse(File.ReadAllBytes(Path.Combine(directory, "index.json"))), "index.json");
        foreach (var descriptor in index.Manifests)
        {
            Visit(directory, descriptor, descriptor.RefName, found, depth: 0);
        }
        return new OciLayoutImage(directory, found
            .Select(f => new LayoutManifest(f.Descriptor, f.Manifest, f.Config,
                LambdaArchitectures.FromPlatform(f.Config.Architecture) is { } name ? LambdaArchitecture.FromName(name) : null, f.Refs))
            .ToList());
    }

    /// <summary>The manifest for <paramref name="architecture"/>: the first in index.json order (tags of one build share it).</summary>
    public LayoutManifest Select(LambdaArchitecture architecture) =>
        Manifests.FirstOrDefault(m => m.Architecture == architecture)
        ?? throw new LambdaSlimException(LocalErrorCodes.ArchitectureNotInImage,
            $"The image at '{Directory}' has no {architecture.Name} manifest (it has: {Describe()}). " +
            $"Pass --arch {string.Join(" or --arch ", Manifests.Select(m => m.Architecture?.Name).OfType<string>().Distinct())}, " +
            $"or publish with LambdaArchitectures including {architecture.Name}.");

    public string BlobPath(string digest) => Path.Combine(Directory, "blobs", "sha256", Digests.Hex(digest));

    private string Describe() => Manifests.Count == 0
        ? "no runnable manifest"
        : string.Join(", ", Manifests.Select(m => $"{m.Config.Os}/{m.Config.Architecture}"));

    private static void Visit(string directory, OciDescriptor descriptor, string? refName,
        List<(OciDescriptor, ImageManifest, ImageConfig, List<string>)> found, int depth)
    {
        if (depth > 4)
        {
            throw Invalid(directory, "indexes are nested more than 4 deep");
        }
        var bytes = ReadVerifiedBlob(directory, descriptor);
        if (descriptor.MediaType is OciMediaTypes.OciIndex or OciMediaTypes.DockerManifestList || (descriptor.MediaType == "" && LooksLikeIndex(bytes)))
        {
            var nested = Parse(() => ImageIndex.Parse(bytes), descriptor.Digest);
            foreach (var child in nested.Manifests.Where(c => c.Platform is null || c.Platform.Os == "linux"))
            {
                Visit(directory, child, refName, found, depth + 1);
            }
            return;
        }
        var existing = found.FindIndex(f => f.Item1.Digest == descriptor.Digest);
        if (existing >= 0)
        {
            if (refName is not null && !found[existing].Item4.Contains(refName))
            {
                found[existing].Item4.Add(refName);
            }
            return;
        }
        var manifest = Parse(() => ImageManifest.Parse(bytes, descriptor.MediaType), descriptor.Digest);
        var config = Parse(() => ImageConfig.Parse(ReadVerifiedBlob(directory, manifest.Config)), manifest.Config.Digest);
        found.Add((descriptor, manifest, config, refName is null ? [] : [refName]));
    }

    private static bool LooksLikeIndex(byte[] json) =>
        System.Text.Encoding.UTF8.GetString(json).Contains("\"manifests\"", StringComparison.Ordinal);

    /// <summary>Reads a (small, JSON) blob and checks its size and digest: a layout is trusted only as far as it hashes.</summary>
    public static byte[] ReadVerifiedBlob(string directory, OciDescriptor descriptor)
    {
        var path = Path.Combine(directory, "blobs", "sha256", Digests.Hex(descriptor.Digest));
        if (!File.Exists(path))
        {
            throw Invalid(directory, $"blob {descriptor.Digest} is missing");
        }
        var bytes = File.ReadAllBytes(path);
        if (bytes.LongLength != descriptor.Size || Digests.Of(bytes) != descriptor.Digest)
        {
            throw Invalid(directory, $"blob {descriptor.Digest} does not match its digest or size");
        }
        return bytes;
    }

    /// <summary>Checks a layer blob's digest by streaming it (layers can be large).</summary>
    public void VerifyLayer(OciDescriptor layer)
    {
        var path = BlobPath(layer.Digest);
        if (!File.Exists(path))
        {
            throw Invalid(Directory, $"layer {layer.Digest} is missing");
        }
        using var stream = File.OpenRead(path);
        if (stream.Length != layer.Size || "sha256:" + Convert.ToHexStringLower(SHA256.HashData(stream)) != layer.Digest)
        {
            throw Invalid(Directory, $"layer {layer.Digest} does not match its digest or size");
        }
    }

    private static T Parse<T>(Func<T> parse, string what)
    {
        try
        {
            return parse();
        }
        catch (LambdaSlimException e) when (e.Code != LocalErrorCodes.InvalidImage)
        {
            throw new LambdaSlimException(LocalErrorCodes.InvalidImage,
                $"{what} in the image layout cannot be read: {e.Message.Split(". ")[0]}. Publish the image again.", e);
        }
    }

    internal static LambdaSlimException Invalid(string directory, string what) =>
        new(LocalErrorCodes.InvalidImage, $"The image layout at '{directory}' is damaged: {what}. Publish the image again (or copy it whole).");
}
