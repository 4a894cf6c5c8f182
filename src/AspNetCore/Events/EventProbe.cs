using System.Text.Json;
using System.Text.Json.Serialization;

namespace LambdaSlim.AspNetCore.Events;

/// <summary>
/// The few members that tell the HTTP events apart; everything else of the event is skipped while reading it.
/// Payload format 2.0 says <c>"version": "2.0"</c>; only ALB has <c>requestContext.elb</c>; REST APIs (and HTTP APIs
/// on payload format 1.0) have <c>httpMethod</c> at the top.
/// </summary>
internal sealed class EventProbe
{
    [JsonPropertyName("version")] public string? Version { get; set; }
    [JsonPropertyName("httpMethod")] public string? HttpMethod { get; set; }
    [JsonPropertyName("requestContext")] public ProbeContext? RequestContext { get; set; }

    internal sealed class ProbeContext
    {
        [JsonPropertyName("elb")] public JsonElement? Elb { get; set; }
    }

    /// <summary>The source of an HTTP event; null when the event is none of them (or not a JSON object).</summary>
    public static LambdaEventSource? Detect(ReadOnlySpan<byte> json)
    {
        EventProbe? probe;
        try
        {
            probe = JsonSerializer.Deserialize(json, HttpEventJsonContext.Default.EventProbe);
        }
        catch (JsonException)
        {
            return null;
        }
        return probe switch
        {
            { Version: "2.0" } => LambdaEventSource.HttpApi,
            { RequestContext.Elb: not null } => LambdaEventSource.ApplicationLoadBalancer,
            { HttpMethod: not null } => LambdaEventSource.RestApi,
            _ => null,
        };
    }
}
