using LambdaSlim.Runtime;
using Microsoft.AspNetCore.Http;

namespace LambdaSlim.AspNetCore;

/// <summary>The Lambda invocation behind a request, from its <see cref="HttpContext"/>.</summary>
public static class HttpContextLambdaExtensions
{
    /// <summary>The invocation's <see cref="ILambdaContext"/>; null when the app is not running in Lambda.</summary>
    public static ILambdaContext? GetLambdaContext(this HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        return httpContext.Features.Get<ILambdaFeature>()?.Context;
    }

    /// <summary>
    /// The event the request was read from, when it is a <typeparamref name="TEvent"/> (e.g.
    /// <c>APIGatewayHttpApiV2ProxyRequest</c> for its JWT claims); null under Kestrel or for another source's event.
    /// </summary>
    public static TEvent? GetLambdaEvent<TEvent>(this HttpContext httpContext) where TEvent : class
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        return httpContext.Features.Get<ILambdaFeature>()?.Event as TEvent;
    }
}
