namespace LambdaSlim.Events.Http;

/// <summary>
/// Header lookups shared by the HTTP events. HTTP header names are case-insensitive, and the events keep whatever
/// case the client sent (API Gateway REST APIs and ALB) or lower-case them (HTTP APIs, function URLs), so an exact
/// dictionary lookup misses "Content-Type" against "content-type".
/// </summary>
internal static class HttpEventHeaders
{
    public static string? Find(IDictionary<string, string>? headers, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (headers is null)
        {
            return null;
        }
        if (headers.TryGetValue(name, out string? exact))
        {
            return exact;
        }
        foreach (KeyValuePair<string, string> header in headers)
        {
            if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return header.Value;
            }
        }
        return null;
    }

    /// <summary>
    /// Every value of a header: from the multi-value map when the event has one (REST APIs always send both maps;
    /// ALB sends one or the other, as the target group is configured), else the single value.
    /// </summary>
    public static IReadOnlyList<string> FindAll(IDictionary<string, IList<string>>? multiValueHeaders,
        IDictionary<string, string>? headers, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (multiValueHeaders is not null)
        {
            foreach (KeyValuePair<string, IList<string>> header in multiValueHeaders)
            {
                if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
                {
                    return header.Value is null ? [] : [.. header.Value];
                }
            }
        }
        string? single = Find(headers, name);
        return single is null ? [] : [single];
    }
}
