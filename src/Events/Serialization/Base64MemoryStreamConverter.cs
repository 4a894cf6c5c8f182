using System.Text.Json;
using System.Text.Json.Serialization;

namespace LambdaSlim.Events.Serialization;

/// <summary>
/// A binary field of an event (base64 in the JSON) as a <see cref="MemoryStream"/>, the type Amazon.Lambda.*Events
/// use for it. Public so that a source-generated context of yours that includes these events can create it.
/// </summary>
public sealed class Base64MemoryStreamConverter : JsonConverter<MemoryStream>
{
    public override MemoryStream Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadStream(ref reader);

    public override void Write(Utf8JsonWriter writer, MemoryStream value, JsonSerializerOptions options) => WriteStream(writer, value);

    internal static MemoryStream ReadStream(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String || !reader.TryGetBytesFromBase64(out byte[]? bytes))
        {
            throw new JsonException($"{EventsErrorCodes.InvalidBase64}: a binary field holds {Describe(ref reader)}, not base64 text. " +
                "Check what produced the event: binary fields are base64 strings.");
        }
        return new MemoryStream(bytes);
    }

    // ToArray, not GetBuffer: the stream's own bytes whatever its position, never the unused capacity.
    internal static void WriteStream(Utf8JsonWriter writer, MemoryStream value) => writer.WriteBase64StringValue(value.ToArray());

    private static string Describe(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String ? "a string that is not base64" : $"a {reader.TokenType}";
}

/// <summary>A list of binary fields (base64 strings in the JSON), e.g. a binary set.</summary>
public sealed class Base64MemoryStreamListConverter : JsonConverter<List<MemoryStream>>
{
    public override List<MemoryStream> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"{EventsErrorCodes.InvalidBase64}: a list of binary values holds a {reader.TokenType}, not an array of base64 strings.");
        }
        var streams = new List<MemoryStream>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            streams.Add(Base64MemoryStreamConverter.ReadStream(ref reader));
        }
        return streams;
    }

    public override void Write(Utf8JsonWriter writer, List<MemoryStream> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (MemoryStream stream in value)
        {
            Base64MemoryStreamConverter.WriteStream(writer, stream);
        }
        writer.WriteEndArray();
    }
}
