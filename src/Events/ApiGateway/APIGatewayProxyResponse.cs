using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using LambdaSlim.Events.Http;

namespace LambdaSlim.Events;

/// <summary>The answer to an API Gateway REST API proxy integration (payload format 1.0).</summary>
public class APIGatewayProxyResponse : IHttpEventResponse
{
    [JsonPropertyName("statusCode")] public int StatusCode { get; set; }

    [JsonPropertyName("headers")] public IDictionary<string, string>? Headers { get; set; }

    /// <summary>Headers with several values (e.g. Set-Cookie); merged with <see cref="Headers"/> by API Gateway.</summary>
    [JsonPropertyName("multiValueHeaders")] public IDictionary<string, IList<string>>? MultiValueHeaders { get; set; }

    [JsonPropertyName("body")] public string? Body { get; set; }

    /// <summary>True when <see cref="Body"/> is base64 of binary content (the API must list the media type as binary).</summary>
    [JsonPropertyName("isBase64Encoded")] public bool IsBase64Encoded { get; set; }

    /// <summary>A response whose body is <paramref name="body"/> as JSON, with <c>Content-Type: application/json</c>.</summary>
    public static APIGatewayProxyResponse Json<T>(int statusCode, T body, JsonTypeInfo<T> bodyType) =>
        HttpEventResponses.Json<APIGatewayProxyResponse, T>(statusCode, body, bodyType, ContentTypeHeader);

    /// <summary>A text response (UTF-8 unless <paramref name="contentType"/> says otherwise).</summary>
    public static APIGatewayProxyResponse Text(int statusCode, string body, string contentType = HttpEventBody.TextContentType) =>
        HttpEventResponses.Text<APIGatewayProxyResponse>(statusCode, body, contentType, ContentTypeHeader);

    /// <summary>A binary response: the bytes go base64-encoded with <see cref="IsBase64Encoded"/> set.</summary>
    public static APIGatewayProxyResponse Binary(int statusCode, ReadOnlySpan<byte> body, string contentType) =>
        HttpEventResponses.Binary<APIGatewayProxyResponse>(statusCode, body, contentType, ContentTypeHeader);

    // REST APIs pass header names through as written.
    private const string ContentTypeHeader = "Content-Type";
}
