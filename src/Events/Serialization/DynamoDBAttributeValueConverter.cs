using System.Text.Json;
using System.Text.Json.Serialization;
using AttributeValue = LambdaSlim.Events.DynamoDBEvent.AttributeValue;
using AttributeValueType = LambdaSlim.Events.DynamoDBEvent.AttributeValueType;

namespace LambdaSlim.Events.Serialization;

/// <summary>
/// DynamoDB's attribute value JSON: an object with exactly one key naming the type (<c>S</c>, <c>N</c>, <c>B</c>,
/// <c>SS</c>, <c>NS</c>, <c>BS</c>, <c>M</c>, <c>L</c>, <c>BOOL</c>, <c>NULL</c>). Reads into the union and writes back
/// only the member that holds the value. Public so that a source-generated context of yours can create it.
/// </summary>
public sealed class DynamoDBAttributeValueConverter : JsonConverter<AttributeValue>
{
    public override AttributeValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Invalid($"a {reader.TokenType} instead of an object such as {{\"S\":\"text\"}}");
        }
        var value = new AttributeValue();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            string key = reader.GetString()!;
            reader.Read();
            if (value.Type != AttributeValueType.None)
            {
                throw Invalid($"two types ({value.Type} and {key}) in one value");
            }
            ReadMember(ref reader, key, value, options);
        }
        return value;
    }

    private void ReadMember(ref Utf8JsonReader reader, string key, AttributeValue value, JsonSerializerOptions options)
    {
        switch (key)
        {
            case "S": value.S = ReadString(ref reader, key); break;
            case "N": value.N = ReadString(ref reader, key); break;
            case "B": value.B = Base64MemoryStreamConverter.ReadStream(ref reader); break;
            case "SS": value.SS = ReadStrings(ref reader, key); break;
            case "NS": value.NS = ReadStrings(ref reader, key); break;
            case "BS": value.BS = new Base64MemoryStreamListConverter().Read(ref reader, typeof(List<MemoryStream>), options); break;
            case "BOOL": value.BOOL = ReadBoolean(ref reader, key); break;
            case "NULL":
                if (!ReadBoolean(ref reader, key))
                {
                    throw Invalid("\"NULL\": false (DynamoDB only writes \"NULL\": true)");
                }
                value.NULL = true;
                break;
            case "M":
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    throw Invalid($"\"M\" holding a {reader.TokenType} instead of an object");
                }
                var map = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    string name = reader.GetString()!;
                    reader.Read();
                    map[name] = Read(ref reader, typeof(AttributeValue), options);
                }
                value.M = map;
                break;
            case "L":
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    throw Invalid($"\"L\" holding a {reader.TokenType} instead of an array");
                }
                var list = new List<AttributeValue>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    list.Add(Read(ref reader, typeof(AttributeValue), options));
                }
                value.L = list;
                break;
            default:
                throw Invalid($"the unknown type \"{key}\"");
        }
    }

    public override void Write(Utf8JsonWriter writer, AttributeValue value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        switch (value.Type)
        {
            case AttributeValueType.S: writer.WriteString("S", value.S); break;
            case AttributeValueType.N: writer.WriteString("N", value.N); break;
            case AttributeValueType.B:
                writer.WritePropertyName("B");
                Base64MemoryStreamConverter.WriteStream(writer, value.B!);
                break;
            case AttributeValueType.SS: WriteStrings(writer, "SS", value.SS!); break;
            case AttributeValueType.NS: WriteStrings(writer, "NS", value.NS!); break;
            case AttributeValueType.BS:
                writer.WritePropertyName("BS");
                new Base64MemoryStreamListConverter().Write(writer, value.BS!, options);
                break;
            case AttributeValueType.BOOL: writer.WriteBoolean("BOOL", value.BOOL); break;
            case AttributeValueType.NULL: writer.WriteBoolean("NULL", true); break;
            case AttributeValueType.M:
                writer.WriteStartObject("M");
                foreach (KeyValuePair<string, AttributeValue> entry in value.M!)
                {
                    writer.WritePropertyName(entry.Key);
                    Write(writer, entry.Value, options);
                }
                writer.WriteEndObject();
                break;
            case AttributeValueType.L:
                writer.WriteStartArray("L");
                foreach (AttributeValue item in value.L!)
                {
                    Write(writer, item, options);
                }
                writer.WriteEndArray();
                break;
            case AttributeValueType.None:
                // An empty value has no type to write; an empty object is what it is.
                break;
        }
        writer.WriteEndObject();
    }

    private static string ReadString(ref Utf8JsonReader reader, string key) =>
        reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw Invalid($"\"{key}\" holding a {reader.TokenType} instead of a string");

    private static bool ReadBoolean(ref Utf8JsonReader reader, string key) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw Invalid($"\"{key}\" holding a {reader.TokenType} instead of true or false"),
    };

    private static List<string> ReadStrings(ref Utf8JsonReader reader, string key)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Invalid($"\"{key}\" holding a {reader.TokenType} instead of an array of strings");
        }
        var items = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            items.Add(ReadString(ref reader, key));
        }
        return items;
    }

    private static void WriteStrings(Utf8JsonWriter writer, string key, List<string> items)
    {
        writer.WriteStartArray(key);
        foreach (string item in items)
        {
            writer.WriteStringValue(item);
        }
        writer.WriteEndArray();
    }

    private static JsonException Invalid(string what) =>
        new($"{EventsErrorCodes.InvalidAttributeValue}: a DynamoDB attribute value has {what}. " +
            "An attribute value is an object with exactly one of S, N, B, SS, NS, BS, M, L, BOOL or NULL; check what produced the event.");
}
