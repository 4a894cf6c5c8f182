using LambdaSlim.Runtime;

namespace LambdaSlim.AspNetCore;

/// <summary>
/// The Lambda invocation behind a request (<c>HttpContext.Features.Get&lt;ILambdaFeature&gt;()</c>, or
/// <see cref="HttpContextLambdaExtensions"/>); absent when the app runs under Kestrel.
/// </summary>
public interface ILambdaFeature
{
    /// <summary>The invocation's context: request id, deadline, cancellation token, logger, after-response work.</summary>
    ILambdaContext Context { get; }

    /// <summary>
    /// The event the request was read from: an <c>APIGatewayHttpApiV2ProxyRequest</c> (HTTP API, function URL), an
    /// <c>APIGatewayProxyRequest</c> (REST API) or an <c>ApplicationLoadBalancerRequest</c> (LambdaSlim.Events), with
    /// what the request line does not carry: authorizer output, stage variables, the API's request id.
    /// </summary>
    object Event { get; }

    /// <summary>Which service sent it.</summary>
    LambdaEventSource EventSource { get; }
}
