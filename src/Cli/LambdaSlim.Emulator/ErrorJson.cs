using System.Text;
using System.Text.Json;

namespace LambdaSlim.Emulator;

/// <summary>The error document Lambda uses everywhere: <c>{"errorMessage":…,"errorType":…}</c>.</summary>
internal static class ErrorJson
{
    public static string Format(string errorType, string errorMessage) =>
        Encoding.UTF8.GetString(FormatUtf8(errorType, errorMessage));

    public static byte[] FormatUtf8(string errorType, string errorMessage)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("errorMessage", errorMessage);
            writer.WriteString("errorType", errorType);
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>The <c>errorType</c> of a posted error document, or null when it is not such a document.</summary>
    public static string? TryReadErrorType(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("errorType", out var type)
                && type.ValueKind == JsonValueKind.String
                    ? type.GetString()
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
