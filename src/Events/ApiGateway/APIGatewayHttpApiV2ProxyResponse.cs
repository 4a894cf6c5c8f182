using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using LambdaSlim.Events.Http;

namespace LambdaSlim.Events;

/// <summary>
/// The answer in payload format 2.0, to an API Gateway HTTP API or a Lambda function URL. Cookies go in
/// <see cref="Cookies"/> (each becomes a Set-Cookie header); several values of another header are joined with commas.
/// </summary>
public class APIGatewayHttpApiV2ProxyResponse : IHttpEventResponse
{
    [JsonPropertyName("statusCode")] public int StatusCode { get; set; }

    [JsonPropertyName("headers")] public IDictionary<string, string>? Headers { get; set; }

    /// <summary>Set-Cookie values, e.g. <c>session=3f1a; Secure; HttpOnly</c>.</summary>
    [JsonPropertyName("cookies")] public string[]? Cookies { get; set; }

    [JsonPropertyName("body")] public string? Body { get; set; }

    /// <summary>True when <see cref="Body"/> is base64 of binary content.</summary>
    [JsonPropertyName("isBase64Encoded")] public bool IsBase64Encoded { get; set; }

    /// <summary>Sets a header to one value, or appends it to the existing values (comma-joined) when <paramref name="append"/>.</summary>
    public void SetHeaderValues(string headerName, string value, bool append) => SetHeaderValues(headerName, [value], append);

    /// <summary>Sets a header to several values (comma-joined), or appends them when <paramref name="append"/>.</summary>
    public void SetHeaderValues(string headerName, IEnumerable<string> values, bool append)
    {
        ArgumentNullException.ThrowIfNull(headerName);
        ArgumentNullException.ThrowIfNull(values);
        Headers ??= new Dictionary<string, string>();
        string joined = string.Join(",", values);
        Headers[headerName] = append && Headers.TryGetValue(headerName, out string? existing) ? existing + "," + joined : joined;
    }

    /// <summary>A response whose body is <paramref name="body"/> as JSON, with <c>content-type: application/json</c>.</summary>
    public static APIGatewayHttpApiV2ProxyResponse Json<T>(int statusCode, T body, JsonTypeInfo<T> bodyType) =>
        HttpEventResponses.Json<APIGatewayHttpApiV2ProxyResponse, T>(statusCode, body, bodyType, ContentTypeHeader);

    /// <summary>A text response (UTF-8 unless <paramref name="contentType"/> says otherwise).</summary>
    public static APIGatewayHttpApiV2ProxyResponse Text(int statusCode, string body, string contentType = HttpEventBody.TextContentType) =>
        HttpEventResponses.Text<APIGatewayHttpApiV2ProxyResponse>(statusCode, body, contentType, ContentTypeHeader);

    /// <summary>A binary response: the bytes go base64-encoded with <see cref="IsBase64Encoded"/> set.</summary>
    public static APIGatewayHttpApiV2ProxyResponse Binary(int statusCode, ReadOnlySpan<byte> body, string contentType) =>
        HttpEventResponses.Binary<APIGatewayHttpApiV2ProxyResponse>(statusCode, body, contentType, ContentTypeHeader);

    // Payload format 2.0 lower-cases request header names; answers use the same convention.
    private const string ContentTypeHeader = "content-type";
}
