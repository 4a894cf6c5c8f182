using LambdaSlim.AspNetCore.Events;
using Microsoft.AspNetCore.Http.Features;

namespace LambdaSlim.AspNetCore.Features;

/// <summary>The request line, headers and body read from the event.</summary>
internal sealed class LambdaRequestFeature : HttpRequestFeature, IHttpRequestBodyDetectionFeature
{
    public LambdaRequestFeature(LambdaHttpRequest request)
    {
        Protocol = request.Protocol;
        Scheme = request.Scheme;
        Method = request.Method;
        PathBase = request.PathBase;
        Path = request.Path;
        QueryString = request.QueryString;
        RawTarget = request.RawTarget;
        Headers = request.Headers;
        Body = new MemoryStream(request.Body, writable: false);
        CanHaveBody = request.Body.Length > 0;
    }

    /// <summary>Minimal APIs bind a body only when the server says there can be one.</summary>
    public bool CanHaveBody { get; }
}
