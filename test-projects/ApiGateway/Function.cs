// A typed handler over an API Gateway HTTP API (payload format 2.0) event, with System.Text.Json source generation
// so it is AOT- and trim-safe. GET /hello?name=Ada answers {"greeting":"Hello, Ada!",...}; other routes get a 404.
using System.Text.Json.Serialization;
using LambdaSlim.Runtime;

namespace ApiGateway;

public static class Function
{
    public static Task Main() =>
        LambdaRuntime.RunAsync(HandleAsync, ApiJsonContext.Default.HttpApiRequest, ApiJsonContext.Default.HttpApiResponse);

    public static Task<HttpApiResponse> HandleAsync(HttpApiRequest request, ILambdaContext context)
    {
        var method = request.RequestContext?.Http?.Method ?? "GET";
        var path = request.RawPath ?? "/";
        context.Logger.LogInformation($"{method} {path}");

        if (method != "GET" || path != "/hello")
        {
            return Task.FromResult(Json(404, new Greeting { Error = $"No route for {method} {path}" }));
        }

        string? name = null;
        request.QueryStringParameters?.TryGetValue("name", out name);
        var greeting = new Greeting
        {
            Text = $"Hello, {(string.IsNullOrWhiteSpace(name) ? "world" : name)}!",
            RequestId = context.AwsRequestId,
            SourceIp = request.RequestContext?.Http?.SourceIp,
            ColdStart = context.IsColdStart,
        };
        return Task.FromResult(Json(200, greeting));
    }

    private static HttpApiResponse Json(int status, Greeting body) => new()
    {
        StatusCode = status,
        Headers = new Dictionary<string, string> { ["content-type"] = "application/json" },
        Body = System.Text.Json.JsonSerializer.Serialize(body, ApiJsonContext.Default.Greeting),
    };
}

/// <summary>The parts of the HTTP API v2 event this function reads (unknown fields are ignored).</summary>
public sealed class HttpApiRequest
{
    [JsonPropertyName("version")] public string? Version { get; set; }
    [JsonPropertyName("routeKey")] public string? RouteKey { get; set; }
    [JsonPropertyName("rawPath")] public string? RawPath { get; set; }
    [JsonPropertyName("rawQueryString")] public string? RawQueryString { get; set; }
    [JsonPropertyName("headers")] public Dictionary<string, string>? Headers { get; set; }
    [JsonPropertyName("queryStringParameters")] public Dictionary<string, string>? QueryStringParameters { get; set; }
    [JsonPropertyName("requestContext")] public HttpApiRequestContext? RequestContext { get; set; }
    [JsonPropertyName("body")] public string? Body { get; set; }
    [JsonPropertyName("isBase64Encoded")] public bool IsBase64Encoded { get; set; }
}

public sealed class HttpApiRequestContext
{
    [JsonPropertyName("accountId")] public string? AccountId { get; set; }
    [JsonPropertyName("apiId")] public string? ApiId { get; set; }
    [JsonPropertyName("requestId")] public string? RequestId { get; set; }
    [JsonPropertyName("stage")] public string? Stage { get; set; }
    [JsonPropertyName("timeEpoch")] public long TimeEpoch { get; set; }
    [JsonPropertyName("http")] public HttpApiHttpDescription? Http { get; set; }
}

public sealed class HttpApiHttpDescription
{
    [JsonPropertyName("method")] public string? Method { get; set; }
    [JsonPropertyName("path")] public string? Path { get; set; }
    [JsonPropertyName("protocol")] public string? Protocol { get; set; }
    [JsonPropertyName("sourceIp")] public string? SourceIp { get; set; }
    [JsonPropertyName("userAgent")] public string? UserAgent { get; set; }
}

public sealed class HttpApiResponse
{
    [JsonPropertyName("statusCode")] public int StatusCode { get; set; }
    [JsonPropertyName("headers")] public Dictionary<string, string>? Headers { get; set; }
    [JsonPropertyName("body")] public string? Body { get; set; }
    [JsonPropertyName("isBase64Encoded")] public bool IsBase64Encoded { get; set; }
}

public sealed class Greeting
{
    [JsonPropertyName("greeting")] public string? Text { get; set; }
    [JsonPropertyName("error")] public string? Error { get; set; }
    [JsonPropertyName("requestId")] public string? RequestId { get; set; }
    [JsonPropertyName("sourceIp")] public string? SourceIp { get; set; }
    [JsonPropertyName("coldStart")] public bool ColdStart { get; set; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HttpApiRequest))]
[JsonSerializable(typeof(HttpApiResponse))]
[JsonSerializable(typeof(Greeting))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
