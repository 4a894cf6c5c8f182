using System.Text.Encodings.Web;
using System.Text.Json;

namespace LambdaSlim.Core.Oci;

/// <summary>
/// The one way our JSON documents are written: UTF-8, no whitespace, properties in the order the writer emits them
/// (fixed per record, map keys sorted ordinally), '+' and other ASCII punctuation not escaped. The bytes are then
/// hashed; they are never re-serialised afterwards, so what is hashed is what is stored and pushed.
/// </summary>
public static class CanonicalJson
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = false,
        // Media types contain '+', which the default encoder would write as \u002B.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static byte[] Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            write(writer);
        }
        return buffer.ToArray();
    }

    /// <summary>Writes a string map with keys in ordinal order, or nothing when the map is null or empty.</summary>
    public static void WriteMap(Utf8JsonWriter writer, string name, IReadOnlyDictionary<string, string>? map)
    {
        if (map is null || map.Count == 0)
        {
            return;
        }
        writer.WriteStartObject(name);
        foreach (var (key, value) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.WriteString(key, value);
        }
        writer.WriteEndObject();
    }

    public static void WriteStrings(Utf8JsonWriter writer, string name, IReadOnlyList<string>? values)
    {
        if (values is null)
        {
            return;
        }
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }
        writer.WriteEndArray();
    }

    /// <summary>RFC 3339 UTC with seconds precision, e.g. <c>1970-01-01T00:00:00Z</c>.</summary>
    public static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
