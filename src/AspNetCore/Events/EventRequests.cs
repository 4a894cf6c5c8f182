using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace LambdaSlim.AspNetCore.Events;

/// <summary>What reading a request is the same for every HTTP event: headers, scheme, path decoding, body length.</summary>
internal static class EventRequests
{
    public static HeaderDictionary Headers(IDictionary<string, IList<string>>? multiValue, IDictionary<string, string>? single)
    {
        var headers = new HeaderDictionary();
        // Services that send both maps (REST APIs) put every value in the multi-value one.
        if (multiValue is not null)
        {
            foreach (KeyValuePair<string, IList<string>> header in multiValue)
            {
                headers.Append(header.Key, header.Value?.ToArray() ?? []);
            }
        }
        else if (single is not null)
        {
            foreach (KeyValuePair<string, string> header in single)
            {
                headers.Append(header.Key, header.Value);
            }
        }
        return headers;
    }

    /// <summary>The scheme the client used, as the service forwards it; <paramref name="fallback"/> when it does not.</summary>
    public static string Scheme(HeaderDictionary headers, string fallback) =>
        headers.TryGetValue("X-Forwarded-Proto", out var proto) && !string.IsNullOrEmpty(proto)
            ? proto.ToString().Split(',')[0].Trim().ToLowerInvariant()
            : fallback;

    /// <summary>The port the client connected to (the service's listener).</summary>
    public static int LocalPort(HeaderDictionary headers) =>
        headers.TryGetValue("X-Forwarded-Port", out var port) &&
        int.TryParse(port.ToString().Split(',')[0], NumberStyles.None, CultureInfo.InvariantCulture, out int value) ? value : 0;

    public static IPAddress? Address(string? text) => IPAddress.TryParse(text, out IPAddress? address) ? address : null;

    /// <summary>
    /// A path as sent, percent-decoded as Kestrel decodes a request line (everything but <c>%2F</c>, so an encoded
    /// slash never becomes a path separator); <c>/</c> when empty.
    /// </summary>
    public static string DecodePath(string? raw) =>
        string.IsNullOrEmpty(raw) ? "/" : PathString.FromUriComponent(raw).Value ?? "/";

    /// <summary>
    /// Splits <paramref name="path"/> into the prefix a service put before the app's routes (<paramref name="prefix"/>,
    /// when the path starts with it as whole segments) and the rest.
    /// </summary>
    public static (string PathBase, string Path) SplitPrefix(string path, string prefix)
    {
        if (prefix.Length > 1 && path.StartsWith(prefix, StringComparison.Ordinal) &&
            (path.Length == prefix.Length || path[prefix.Length] == '/'))
        {
            string rest = path[prefix.Length..];
            return (prefix, rest.Length == 0 ? "/" : rest);
        }
        return ("", path);
    }

    /// <summary>
    /// The body's length as Content-Length: HTTP APIs often leave the header out, and the app (minimal APIs' body
    /// binding, form reading) only reads a body whose length it knows. The decoded bytes are what it reads.
    /// </summary>
    public static void SetContentLength(HeaderDictionary headers, byte[] body)
    {
        if (body.Length > 0)
        {
            headers.ContentLength = body.Length;
        }
    }
}
