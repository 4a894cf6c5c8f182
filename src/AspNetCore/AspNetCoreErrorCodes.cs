namespace LambdaSlim.AspNetCore;

/// <summary>The LSLIM70xx codes of LambdaSlim.AspNetCore; docs/errors.md lists each with its fix.</summary>
internal static class AspNetCoreErrorCodes
{
    /// <summary>An invocation's event is not an HTTP request of a known source (or not of the pinned one).</summary>
    public const string NotAnHttpEvent = "LSLIM7001";

    /// <summary>The app threw while handling a request: answered 500 (or, mid-stream, ended with error trailers).</summary>
    public const string UnhandledException = "LSLIM7002";

    /// <summary>An ALB target group without multi-value headers cannot carry several Set-Cookie headers.</summary>
    public const string CookiesDroppedByLoadBalancer = "LSLIM7003";

    /// <summary>A buffered response is over Lambda's 6 MB limit.</summary>
    public const string ResponseTooLarge = "LSLIM7004";
}
