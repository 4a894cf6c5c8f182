// A typed function: a JSON event in, a JSON answer out. System.Text.Json source generation (FunctionJsonContext)
// does the (de)serialising without reflection, so the function publishes as NativeAOT without warnings.
using System.Text.Json.Serialization;
using LambdaSlim.Runtime;

namespace LambdaSlimFunction;

public static class Function
{
    public static Task Main() =>
        LambdaRuntime.RunAsync<GreetingRequest, GreetingResponse>(HandleAsync,
            FunctionJsonContext.Default.GreetingRequest, FunctionJsonContext.Default.GreetingResponse);

    public static Task<GreetingResponse> HandleAsync(GreetingRequest request, ILambdaContext context)
    {
        string name = string.IsNullOrWhiteSpace(request.Name) ? "world" : request.Name.Trim();
        context.Logger.LogInformation($"Greeting {name}");
        return Task.FromResult(new GreetingResponse($"Hello, {name}!", context.AwsRequestId));
    }
}

public sealed record GreetingRequest(string? Name);

public sealed record GreetingResponse(string Greeting, string RequestId);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(GreetingRequest))]
[JsonSerializable(typeof(GreetingResponse))]
public sealed partial class FunctionJsonContext : JsonSerializerContext;
