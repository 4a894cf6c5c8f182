using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using LambdaSlim.Events.Serialization;

namespace LambdaSlim.Events.Http;

/// <summary>
/// Request and response bodies of the HTTP events: a string that is either text or, when IsBase64Encoded is true,
/// base64 of the bytes (API Gateway and ALB send binary media types and, for HTTP APIs, any body they cannot prove
/// is text, that way).
/// </summary>
internal static class HttpEventBody
{
    public static byte[] Decode(string? body, bool isBase64Encoded)
    {
        if (string.IsNullOrEmpty(body))
        {
            return [];
        }
        // A body that claims base64 but is not is a wrong event; say which flag, a test event's usual mistake.
        return isBase64Encoded ? Base64Text.Decode(body, "body (isBase64Encoded: true)") : Encoding.UTF8.GetBytes(body);
    }

    public static string DecodeText(string? body, bool isBase64Encoded) =>
        isBase64Encoded ? Encoding.UTF8.GetString(Decode(body, isBase64Encoded)) : body ?? "";

    public static T DeserializeJson<T>(string? body, bool isBase64Encoded, JsonTypeInfo<T> bodyType)
    {
        ArgumentNullException.ThrowIfNull(bodyType);
        if (string.IsNullOrEmpty(body))
        {
            throw new JsonException($"{EventsErrorCodes.EmptyJsonBody}: the request has no body, so there is no {typeof(T).Name} to read. " +
                "Answer 400 to the client, or check Body before reading it as JSON.");
        }
        return isBase64Encoded
            ? JsonSerializer.Deserialize(Decode(body, isBase64Encoded), bodyType)!
            : JsonSerializer.Deserialize(body, bodyType)!;
    }

    public static string SerializeJson<T>(T value, JsonTypeInfo<T> bodyType)
    {
        ArgumentNullException.ThrowIfNull(bodyType);
        return JsonSerializer.Serialize(value, bodyType);
    }

    public const string JsonContentType = "application/json";
    public const string TextContentType = "text/plain; charset=utf-8";
}
