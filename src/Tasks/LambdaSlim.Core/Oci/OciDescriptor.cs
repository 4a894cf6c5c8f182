using System.Text.Json;

namespace LambdaSlim.Core.Oci;

/// <summary>Where a manifest or index is meant to run (<c>platform</c> of an index entry, and a config's fields).</summary>
public sealed record Platform(string Architecture, string Os, string? Variant = null)
{
    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject("platform");
        writer.WriteString("architecture", Architecture);
        writer.WriteString("os", Os);
        if (Variant is not null)
        {
            writer.WriteString("variant", Variant);
        }
        writer.WriteEndObject();
    }

    public override string ToString() => Variant is null ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";
}

/// <summary>
/// A content descriptor: media type, digest and size of a blob, optionally the platform (index entries) and
/// annotations (e.g. <c>org.opencontainers.image.ref.name</c> in a layout's index.json).
/// </summary>
public sealed record OciDescriptor(string MediaType, string Digest, long Size, Platform? Platform = null, IReadOnlyDictionary<string, string>? Annotations = null)
{
    public const string RefNameAnnotation = "org.opencontainers.image.ref.name";

    public string? RefName => Annotations is not null && Annotations.TryGetValue(RefNameAnnotation, out var name) ? name : null;

    public static OciDescriptor Of(string mediaType, byte[] content, Platform? platform = null) =>
        new(mediaType, Registry.Digests.Of(content), content.LongLength, platform);

    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("mediaType", MediaType);
        writer.WriteString("digest", Digest);
        writer.WriteNumber("size", Size);
        Platform?.WriteTo(writer);
        CanonicalJson.WriteMap(writer, "annotations", Annotations);
        writer.WriteEndObject();
    }

    public static OciDescriptor Parse(JsonElement element)
    {
        var mediaType = element.TryGetProperty("mediaType", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "";
        if (!element.TryGetProperty("digest", out var d) || d.ValueKind != JsonValueKind.String || !Registry.Digests.IsValid(d.GetString())
            || !element.TryGetProperty("size", out var s) || s.ValueKind != JsonValueKind.Number)
        {
            throw new LambdaSlimException("LSLIM2022", "A descriptor in the base image lacks a valid sha256 digest or size. Pull the base image again (delete its cache folder).");
        }
        Platform? platform = null;
        if (element.TryGetProperty("platform", out var p) && p.ValueKind == JsonValueKind.Object)
        {
            platform = new Platform(p.GetProperty("architecture").GetString()!, p.GetProperty("os").GetString()!,
                p.TryGetProperty("variant", out var v) ? v.GetString() : null);
        }
        Dictionary<string, string>? annotations = null;
        if (element.TryGetProperty("annotations", out var a) && a.ValueKind == JsonValueKind.Object)
        {
            annotations = a.EnumerateObject().Where(x => x.Value.ValueKind == JsonValueKind.String)
                .ToDictionary(x => x.Name, x => x.Value.GetString()!, StringComparer.Ordinal);
        }
        return new OciDescriptor(mediaType, d.GetString()!, s.GetInt64(), platform, annotations);
    }
}
