// A typed function as users write them: an HTTP API (payload 2.0) event read into records, a record answered, both
// through a camelCase source-generated System.Text.Json context (AOT- and trim-safe).
using System.Text.Json.Serialization;
using LambdaSlim.Runtime;

await LambdaRuntime.RunAsync<ApiRequest, ApiResponse>(Handle, ApiJson.Default.ApiRequest, ApiJson.Default.ApiResponse);

static Task<ApiResponse> Handle(ApiRequest request, ILambdaContext context)
{
    string name = request.QueryStringParameters?.GetValueOrDefault("name") ?? "world";
    var response = new ApiResponse(200, new Dictionary<string, string> { ["content-type"] = "text/plain" },
        $"Hello, {name}! ({request.RequestContext.Http.Method} {request.RawPath}, request {context.AwsRequestId})");
    return Task.FromResult(response);
}

public sealed record ApiRequest(string RawPath, Dictionary<string, string>? QueryStringParameters, ApiRequestContext RequestContext,
    string? Body, bool IsBase64Encoded);

public sealed record ApiRequestContext(string RequestId, string Stage, ApiHttp Http);

public sealed record ApiHttp(string Method, string Path, string SourceIp);

public sealed record ApiResponse(int StatusCode, Dictionary<string, string> Headers, string Body);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ApiRequest))]
[JsonSerializable(typeof(ApiResponse))]
internal sealed partial class ApiJson : JsonSerializerContext;
