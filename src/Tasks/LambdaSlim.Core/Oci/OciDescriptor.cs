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

    /// <summary>
    /// Reads a descriptor from a manifest or index someone else may have written (a base image, a registry): a
    /// missing media type or platform field reads as empty, a missing or malformed digest or size is
    /// <paramref name="errorCode"/> with <paramref name="remedy"/> (what the user should do, which depends on where
    /// the document came from).
    /// </summary>
    public static OciDescriptor Parse(JsonElement element, string errorCode, string remedy)
    {
        var mediaType = OptionalString(element, "mediaType") ?? "";
        var digest = OptionalString(element, "digest");
        if (!Registry.Digests.IsValid(digest) || !element.TryGetProperty("size", out var size) || size.ValueKind != JsonValueKind.Number)
        {
            throw new LambdaSlimException(errorCode, $"A descriptor lacks a valid sha256 digest or a size. {remedy}");
        }
        Platform? platform = null;
        if (element.TryGetProperty("platform", out var p) && p.ValueKind == JsonValueKind.Object)
        {
            platform = new Platform(OptionalString(p, "architecture") ?? "", OptionalString(p, "os") ?? "", OptionalString(p, "variant"));
        }
        Dictionary<string, string>? annotations = null;
        if (element.TryGetProperty("annotations", out var a) && a.ValueKind == JsonValueKind.Object)
        {
            annotations = a.EnumerateObject().Where(x => x.Value.ValueKind == JsonValueKind.String)
                .ToDictionary(x => x.Name, x => x.Value.GetString()!, StringComparer.Ordinal);
        }
        return new OciDescriptor(mediaType, digest!, size.GetInt64(), platform, annotations);
    }

    private static string? OptionalString(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
