using System.Text.Json.Serialization.Metadata;

namespace LambdaSlim.Events.Http;

/// <summary>Builds the HTTP response events' JSON, text and binary answers in one place.</summary>
internal static class HttpEventResponses
{
    public static TResponse Json<TResponse, T>(int statusCode, T body, JsonTypeInfo<T> bodyType, string contentTypeHeader)
        where TResponse : IHttpEventResponse, new() =>
        Create<TResponse>(statusCode, contentTypeHeader, HttpEventBody.JsonContentType, HttpEventBody.SerializeJson(body, bodyType), isBase64Encoded: false);

    public static TResponse Text<TResponse>(int statusCode, string body, string contentType, string contentTypeHeader)
        where TResponse : IHttpEventResponse, new() =>
        Create<TResponse>(statusCode, contentTypeHeader, contentType, body, isBase64Encoded: false);

    public static TResponse Binary<TResponse>(int statusCode, ReadOnlySpan<byte> body, string contentType, string contentTypeHeader)
        where TResponse : IHttpEventResponse, new() =>
        Create<TResponse>(statusCode, contentTypeHeader, contentType, Convert.ToBase64String(body), isBase64Encoded: true);

    private static TResponse Create<TResponse>(int statusCode, string contentTypeHeader, string contentType, string body, bool isBase64Encoded)
        where TResponse : IHttpEventResponse, new()
    {
        ArgumentNullException.ThrowIfNull(contentType);
        return new TResponse
        {
            StatusCode = statusCode,
            Headers = new Dictionary<string, string> { [contentTypeHeader] = contentType },
            Body = body,
            IsBase64Encoded = isBase64Encoded,
        };
    }
}
