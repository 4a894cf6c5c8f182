using System.Text.Json;

namespace LambdaSlim.Core.Registry;

/// <summary>
/// A content descriptor as found in an index or manifest (OCI and Docker share the shape). Parsed from the raw
/// bytes with <see cref="JsonDocument"/>; the bytes themselves are what we push or store, never a re-serialisation,
/// so digests always match.
/// </summary>
public sealed record Descriptor(string MediaType, string Digest, long Size, string? Architecture, string? Variant, string? Os, string? RefName)
{
    private const string RefNameAnnotation = "org.opencontainers.image.ref.name";

    public static Descriptor Parse(JsonElement element)
    {
        string? arch = null, variant = null, os = null, refName = null;
        if (element.TryGetProperty("platform", out var platform) && platform.ValueKind == JsonValueKind.Object)
        {
            arch = OptionalString(platform, "architecture");
            variant = OptionalString(platform, "variant");
            os = OptionalString(platform, "os");
        }
        if (element.TryGetProperty("annotations", out var annotations) && annotations.ValueKind == JsonValueKind.Object)
        {
            refName = OptionalString(annotations, RefNameAnnotation);
        }
        var digest = OptionalString(element, "digest");
        if (!Digests.IsValid(digest) || !element.TryGetProperty("size", out var size) || size.ValueKind != JsonValueKind.Number)
        {
            throw new LambdaSlimException("LSLIM3010", "A descriptor lacks a valid sha256 digest or a size. The image manifest or index is corrupt: rebuild the image.");
        }
        return new Descriptor(OptionalString(element, "mediaType") ?? "", digest!, size.GetInt64(), arch, variant, os, refName);
    }

    private static string? OptionalString(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>What an index or manifest points to, read from its raw bytes.</summary>
public static class ManifestContent
{
    /// <summary>The media type a manifest declares about itself (falls back to the type the registry or layout gave).</summary>
    public static string MediaTypeOf(ReadOnlySpan<byte> bytes, string? fallback)
    {
        using var document = Parse(bytes);
        var root = document.RootElement;
        if (root.TryGetProperty("mediaType", out var mediaType) && mediaType.ValueKind == JsonValueKind.String)
        {
            return mediaType.GetString()!;
        }
        if (fallback is not null)
        {
            return fallback;
        }
        // OCI allows mediaType to be absent; the shape tells an index (manifests) from a manifest (config).
        return root.TryGetProperty("manifests", out _) ? MediaTypes.OciIndex : MediaTypes.OciManifest;
    }

    /// <summary>The manifests an index lists, in order.</summary>
    public static IReadOnlyList<Descriptor> IndexEntries(ReadOnlySpan<byte> bytes)
    {
        using var document = Parse(bytes);
        if (!document.RootElement.TryGetProperty("manifests", out var manifests) || manifests.ValueKind != JsonValueKind.Array)
        {
            throw new LambdaSlimException("LSLIM3010", "An image index has no 'manifests' array. Rebuild the image or check the base image reference.");
        }
        return manifests.EnumerateArray().Select(Descriptor.Parse).ToList();
    }

    /// <summary>The blobs an image manifest needs: the config first, then the layers oldest first.</summary>
    public static IReadOnlyList<Descriptor> ManifestBlobs(ReadOnlySpan<byte> bytes)
    {
        using var document = Parse(bytes);
        var root = document.RootElement;
        if (root.TryGetProperty("schemaVersion", out var schema) && schema.ValueKind == JsonValueKind.Number && schema.GetInt32() == 1)
        {
            throw new LambdaSlimException("LSLIM3016", "The image uses the Docker v2 schema 1 manifest format, which is deprecated and not supported. Use an image published with schema 2 or OCI manifests.");
        }
        if (!root.TryGetProperty("config", out var config) || !root.TryGetProperty("layers", out var layers) || layers.ValueKind != JsonValueKind.Array)
        {
            throw new LambdaSlimException("LSLIM3010", "An image manifest lacks 'config' or 'layers'. Rebuild the image or check the base image reference.");
        }
        var blobs = new List<Descriptor> { Descriptor.Parse(config) };
        blobs.AddRange(layers.EnumerateArray().Select(Descriptor.Parse));
        return blobs;
    }

    private static JsonDocument Parse(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return JsonDocument.Parse(bytes.ToArray());
        }
        catch (JsonException e)
        {
            throw new LambdaSlimException("LSLIM3010", $"A manifest or index is not valid JSON ({e.Message}). Rebuild the image or check the base image reference.", e);
        }
    }
}
