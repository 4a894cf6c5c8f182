using System.Text.Json;

namespace LambdaSlim.Core.Oci;

/// <summary>A single-platform image manifest: the config descriptor and the layer descriptors, oldest first.</summary>
public sealed record ImageManifest(string MediaType, OciDescriptor Config, IReadOnlyList<OciDescriptor> Layers)
{
    public byte[] ToCanonicalJson() => CanonicalJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("schemaVersion", 2);
        w.WriteString("mediaType", MediaType);
        w.WritePropertyName("config");
        Config.WriteTo(w);
        w.WriteStartArray("layers");
        foreach (var layer in Layers)
        {
            layer.WriteTo(w);
        }
        w.WriteEndArray();
        w.WriteEndObject();
    });

    public static ImageManifest Parse(byte[] json, string? fallbackMediaType = null)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var mediaType = root.TryGetProperty("mediaType", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : fallbackMediaType ?? OciMediaTypes.OciManifest;
            if (!root.TryGetProperty("config", out var config) || !root.TryGetProperty("layers", out var layers) || layers.ValueKind != JsonValueKind.Array)
            {
                throw new LambdaSlimException("LSLIM2022", "The base image manifest lacks 'config' or 'layers' (it may be an index, not a single-platform manifest). Pull the base image again, naming one platform's manifest digest.");
            }
            return new ImageManifest(mediaType, ParseDescriptor(config), layers.EnumerateArray().Select(ParseDescriptor).ToList());
        }
        catch (JsonException e)
        {
            throw new LambdaSlimException("LSLIM2022", $"The base image manifest is not valid JSON ({e.Message}). Pull the base image again (delete its cache folder).", e);
        }
    }

    /// <summary>A descriptor of a base image's manifest or index (the documents LambdaSlim reads back, not writes).</summary>
    internal static OciDescriptor ParseDescriptor(JsonElement element) =>
        OciDescriptor.Parse(element, "LSLIM2022", "Pull the base image again (delete its cache folder).");
}

/// <summary>An image index (OCI) or manifest list (Docker): one descriptor per platform manifest.</summary>
public sealed record ImageIndex(string MediaType, IReadOnlyList<OciDescriptor> Manifests)
{
    public byte[] ToCanonicalJson() => CanonicalJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("schemaVersion", 2);
        w.WriteString("mediaType", MediaType);
        w.WriteStartArray("manifests");
        foreach (var manifest in Manifests)
        {
            manifest.WriteTo(w);
        }
        w.WriteEndArray();
        w.WriteEndObject();
    });

    public static ImageIndex Parse(byte[] json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var mediaType = root.TryGetProperty("mediaType", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : OciMediaTypes.OciIndex;
            if (!root.TryGetProperty("manifests", out var manifests) || manifests.ValueKind != JsonValueKind.Array)
            {
                throw new LambdaSlimException("LSLIM2022", "An image index has no 'manifests' array. Delete the layout folder and publish again.");
            }
            return new ImageIndex(mediaType, manifests.EnumerateArray().Select(ImageManifest.ParseDescriptor).ToList());
        }
        catch (JsonException e)
        {
            throw new LambdaSlimException("LSLIM2022", $"An image index is not valid JSON ({e.Message}). Delete the layout folder and publish again.", e);
        }
    }
}
