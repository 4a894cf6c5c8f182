using System.Text.Json;
using LambdaSlim.Core.Oci;

namespace LambdaSlim.Core.Registry;

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
    public static IReadOnlyList<OciDescriptor> IndexEntries(ReadOnlySpan<byte> bytes)
    {
        using var document = Parse(bytes);
        if (!document.RootElement.TryGetProperty("manifests", out var manifests) || manifests.ValueKind != JsonValueKind.Array)
        {
            throw new LambdaSlimException("LSLIM3010", "An image index has no 'manifests' array. Rebuild the image or check the base image reference.");
        }
        return manifests.EnumerateArray().Select(ParseDescriptor).ToList();
    }

    /// <summary>The blobs an image manifest needs: the config first, then the layers oldest first.</summary>
    public static IReadOnlyList<OciDescriptor> ManifestBlobs(ReadOnlySpan<byte> bytes)
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
        var blobs = new List<OciDescriptor> { ParseDescriptor(config) };
        blobs.AddRange(layers.EnumerateArray().Select(ParseDescriptor));
        return blobs;
    }

    private static OciDescriptor ParseDescriptor(JsonElement element) =>
        OciDescriptor.Parse(element, "LSLIM3010", "The image manifest or index is corrupt: rebuild the image.");

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
