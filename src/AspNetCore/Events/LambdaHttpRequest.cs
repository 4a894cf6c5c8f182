using System.Net;
using Microsoft.AspNetCore.Http;

namespace LambdaSlim.AspNetCore.Events;

/// <summary>
/// An HTTP request read from an event, in ASP.NET Core's terms (the shape of IHttpRequestFeature plus the connection),
/// whatever service sent it. <see cref="Event"/> is the event model it was read from.
/// </summary>
internal sealed class LambdaHttpRequest
{
    public required string Method { get; init; }
    public required string Scheme { get; init; }
    public required string Protocol { get; init; }

    /// <summary>The part of the path the service added in front of the app's routes (a REST API stage, say); may be empty.</summary>
    public required string PathBase { get; init; }

    /// <summary>The path below <see cref="PathBase"/>, percent-decoded as Kestrel decodes it (all but <c>%2F</c>).</summary>
    public required string Path { get; init; }

    /// <summary>The query string with its leading <c>?</c>, percent-encoded; empty when there is none.</summary>
    public required string QueryString { get; init; }

    /// <summary>Path and query as they were sent.</summary>
    public required string RawTarget { get; init; }

    public required HeaderDictionary Headers { get; init; }
    public required byte[] Body { get; init; }
    public IPAddress? RemoteIpAddress { get; init; }
    public int LocalPort { get; init; }
    public required object Event { get; init; }
    public required LambdaEventSource Source { get; init; }
}
