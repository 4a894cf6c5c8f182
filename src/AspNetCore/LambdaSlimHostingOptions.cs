namespace LambdaSlim.AspNetCore;

/// <summary>How <see cref="LambdaSlimServiceCollectionExtensions.AddLambdaSlimHosting(Microsoft.Extensions.DependencyInjection.IServiceCollection, Action{LambdaSlimHostingOptions})"/> serves the app in Lambda.</summary>
public sealed class LambdaSlimHostingOptions
{
    /// <summary>
    /// The service in front of the function. <see cref="LambdaEventSource.Detect"/> (the default) reads it from each
    /// event; pinning it skips that look and treats every event as that source's.
    /// </summary>
    public LambdaEventSource EventSource { get; set; } = LambdaEventSource.Detect;

    /// <summary>
    /// Streams responses as the app writes them (Lambda response streaming, for function URLs with invoke mode
    /// RESPONSE_STREAM and other HTTP integrations in streaming mode): status and headers go first, in the
    /// <c>application/vnd.awslambda.http-integration-response</c> prelude, then the body as it is written, past the
    /// 6 MB a buffered response is limited to. An exception after the first byte ends the stream with Lambda's error
    /// trailers. Off by default: API Gateway REST and HTTP APIs and ALB read buffered responses.
    /// </summary>
    public bool ResponseStreaming { get; set; }
}
