using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using LambdaSlim.Events.Http;

namespace LambdaSlim.Events;

/// <summary>
/// The answer to an Application Load Balancer. Use <see cref="Headers"/> when the target group's multi-value headers
/// are off and <see cref="MultiValueHeaders"/> when they are on (ALB ignores the other map).
/// </summary>
public class ApplicationLoadBalancerResponse : IHttpEventResponse
{
    [JsonPropertyName("statusCode")] public int StatusCode { get; set; }

    /// <summary>e.g. <c>200 OK</c>.</summary>
    [JsonPropertyName("statusDescription")] public string? StatusDescription { get; set; }

    [JsonPropertyName("headers")] public IDictionary<string, string>? Headers { get; set; }

    [JsonPropertyName("multiValueHeaders")] public IDictionary<string, IList<string>>? MultiValueHeaders { get; set; }

    [JsonPropertyName("body")] public string? Body { get; set; }

    [JsonPropertyName("isBase64Encoded")] public bool IsBase64Encoded { get; set; }

    /// <summary>A JSON response (single-value headers), with <c>content-type: application/json</c>.</summary>
    public static ApplicationLoadBalancerResponse Json<T>(int statusCode, T body, JsonTypeInfo<T> bodyType) =>
        HttpEventResponses.Json<ApplicationLoadBalancerResponse, T>(statusCode, body, bodyType, ContentTypeHeader);

    /// <summary>A text response (single-value headers; UTF-8 unless <paramref name="contentType"/> says otherwise).</summary>
    public static ApplicationLoadBalancerResponse Text(int statusCode, string body, string contentType = HttpEventBody.TextContentType) =>
        HttpEventResponses.Text<ApplicationLoadBalancerResponse>(statusCode, body, contentType, ContentTypeHeader);

    /// <summary>A binary response (single-value headers): the bytes go base64-encoded with <see cref="IsBase64Encoded"/> set.</summary>
    public static ApplicationLoadBalancerResponse Binary(int statusCode, ReadOnlySpan<byte> body, string contentType) =>
        HttpEventResponses.Binary<ApplicationLoadBalancerResponse>(statusCode, body, contentType, ContentTypeHeader);

    private const string ContentTypeHeader = "content-type";
}
