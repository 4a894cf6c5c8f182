namespace LambdaSlim.Sdk.Tests.Infrastructure;

/// <summary>One HTTP request as a client sends it, before a service turns it into a Lambda event.</summary>
public sealed record HttpRequestSpec(string Method, string Path)
{
    /// <summary>Query parameters in order; a key may repeat.</summary>
    public IReadOnlyList<(string Key, string Value)> Query { get; init; } = [];

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Request cookies, "name=value" each.</summary>
    public IReadOnlyList<string> Cookies { get; init; } = [];

    public string? Body { get; init; }

    /// <summary>The query as sent: <c>key=value</c> pairs, values URL-encoded, without the <c>?</c>.</summary>
    public string QueryString => string.Join('&', Query.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));
}
