// A typed function as users write them: an HTTP API (payload 2.0) event read into records, a record answered, both
// through a camelCase source-generated System.Text.Json context (AOT- and trim-safe). eng/bench/runtime times its
// cold start beside the raw-bytes Hello; built with -p:BenchPhases=true it also reports where the time went.
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using LambdaSlim.Runtime;

Phases.Stamp("main");
JsonTypeInfo<ApiRequest> requestType = ApiJson.Default.ApiRequest;
JsonTypeInfo<ApiResponse> responseType = ApiJson.Default.ApiResponse;
Phases.Stamp("metadata");
await LambdaRuntime.RunAsync<ApiRequest, ApiResponse>(Handle, requestType, responseType);

static Task<ApiResponse> Handle(ApiRequest request, ILambdaContext context)
{
    Phases.Stamp("handler");
    string name = request.QueryStringParameters?.GetValueOrDefault("name") ?? "world";
    var headers = new Dictionary<string, string> { ["content-type"] = "text/plain" };
    var response = new ApiResponse(200, headers,
        $"Hello, {name}! ({request.RequestContext.Http.Method} {request.RawPath}, request {context.AwsRequestId})");
    Phases.Stamp("handlerDone");
    Phases.AddTo(headers);
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
