using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using LambdaSlim.Events.Http;

namespace LambdaSlim.Events;

/// <summary>
/// A request from an Application Load Balancer target group. The target group's "multi value headers" setting
/// decides which maps arrive: <see cref="Headers"/> and <see cref="QueryStringParameters"/> (last value wins) when
/// off, <see cref="MultiValueHeaders"/> and <see cref="MultiValueQueryStringParameters"/> when on. Unlike API
/// Gateway, ALB passes query parameters still URL-encoded.
/// </summary>
public class ApplicationLoadBalancerRequest
{
    [JsonPropertyName("requestContext")] public ALBRequestContext? RequestContext { get; set; }

    [JsonPropertyName("path")] public string? Path { get; set; }

    [JsonPropertyName("httpMethod")] public string? HttpMethod { get; set; }

    /// <summary>Headers (lower-case names) when multi-value headers are off.</summary>
    [JsonPropertyName("headers")] public IDictionary<string, string>? Headers { get; set; }

    /// <summary>Headers (lower-case names) with every value, when multi-value headers are on.</summary>
    [JsonPropertyName("multiValueHeaders")] public IDictionary<string, IList<string>>? MultiValueHeaders { get; set; }

    /// <summary>Query parameters, as sent (URL-encoded), when multi-value headers are off.</summary>
    [JsonPropertyName("queryStringParameters")] public IDictionary<string, string>? QueryStringParameters { get; set; }

    /// <summary>Query parameters with every value, as sent (URL-encoded), when multi-value headers are on.</summary>
    [JsonPropertyName("multiValueQueryStringParameters")] public IDictionary<string, IList<string>>? MultiValueQueryStringParameters { get; set; }

    /// <summary>The body: text, or base64 of the bytes when <see cref="IsBase64Encoded"/>.</summary>
    [JsonPropertyName("body")] public string? Body { get; set; }

    [JsonPropertyName("isBase64Encoded")] public bool IsBase64Encoded { get; set; }

    /// <summary>A header's value (the last one when there are several), whatever the case of its name; null when absent.</summary>
    public string? GetHeader(string name)
    {
        IReadOnlyList<string> values = GetHeaderValues(name);
        return values.Count == 0 ? null : values[^1];
    }

    /// <summary>Every value of a header from whichever map the target group sends; empty when absent.</summary>
    public IReadOnlyList<string> GetHeaderValues(string name) => HttpEventHeaders.FindAll(MultiValueHeaders, Headers, name);

    /// <summary>The body's bytes, base64-decoded when <see cref="IsBase64Encoded"/>; empty when there is none.</summary>
    public byte[] GetBodyBytes() => HttpEventBody.Decode(Body, IsBase64Encoded);

    /// <summary>The body as text (UTF-8 when it came base64-encoded); empty when there is none.</summary>
    public string GetBodyText() => HttpEventBody.DecodeText(Body, IsBase64Encoded);

    /// <summary>The body read as JSON with source-generated metadata (base64 bodies included).</summary>
    public T DeserializeBody<T>(JsonTypeInfo<T> bodyType) => HttpEventBody.DeserializeJson(Body, IsBase64Encoded, bodyType);

    /// <summary>Where the request came from.</summary>
    public class ALBRequestContext
    {
        [JsonPropertyName("elb")] public ElbInfo? Elb { get; set; }
    }

    /// <summary>The load balancer's target group.</summary>
    public class ElbInfo
    {
        [JsonPropertyName("targetGroupArn")] public string? TargetGroupArn { get; set; }
    }
}
