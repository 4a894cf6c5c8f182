using System.Text;
using LambdaSlim.Runtime.Http;

namespace LambdaSlim.Runtime.Api;

/// <summary>One request per Runtime API endpoint (2018-06-01), as plain data the connection serialises.</summary>
internal static class RuntimeApiRequests
{
    public const string BasePath = "/2018-06-01/runtime/";
    public const string InvocationIdHeader = "Lambda-Runtime-Invocation-Id";
    public const string ErrorTypeHeader = "Lambda-Runtime-Function-Error-Type";
    public const string ErrorBodyTrailer = "Lambda-Runtime-Function-Error-Body";
    public const string ResponseModeHeader = "Lambda-Runtime-Function-Response-Mode";

    /// <summary>GET invocation/next: waits (without a client timeout) for the next event.</summary>
    public static HttpRequest Next() => new("GET", BasePath + "invocation/next", []);

    /// <summary>POST invocation/{id}/response with the whole (buffered) response.</summary>
    public static HttpRequest Response(string requestId, string? invocationId, ReadOnlyMemory<byte> body, string? contentType)
    {
        var headers = new List<KeyValuePair<string, string>>(2);
        if (contentType is not null)
        {
            headers.Add(new("Content-Type", contentType));
        }
        AddInvocationId(headers, invocationId);
        return new("POST", InvocationPath(requestId, "response"), headers, body);
    }

    /// <summary>
    /// POST invocation/{id}/response in streaming mode; the body follows as chunks, errors as trailers. Lambda hands
    /// <paramref name="contentType"/> to the caller (a function URL reads an HTTP integration response's prelude by it).
    /// </summary>
    public static HttpRequest StreamingResponse(string requestId, string? invocationId, string contentType)
    {
        var headers = new List<KeyValuePair<string, string>>
        {
            new(ResponseModeHeader, "streaming"),
            new("Content-Type", contentType),
            new("Trailer", ErrorTypeHeader + ", " + ErrorBodyTrailer),
        };
        AddInvocationId(headers, invocationId);
        return new("POST", InvocationPath(requestId, "response"), headers, Chunked: true);
    }

    /// <summary>POST invocation/{id}/error: the handler failed (or timed out, or answered too much).</summary>
    public static HttpRequest Error(string requestId, string? invocationId, ErrorReport error)
    {
        var headers = ErrorHeaders(error);
        AddInvocationId(headers, invocationId);
        return new("POST", InvocationPath(requestId, "error"), headers, error.ToJson());
    }

    /// <summary>POST init/error: the function failed before it could serve its first event.</summary>
    public static HttpRequest InitError(ErrorReport error) =>
        new("POST", BasePath + "init/error", ErrorHeaders(error), error.ToJson());

    /// <summary>The trailers that end a streamed response in error: the type and the base64 error document.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> StreamingErrorTrailers(ErrorReport error) =>
    [
        new(ErrorTypeHeader, error.HeaderSafeErrorType()),
        new(ErrorBodyTrailer, Convert.ToBase64String(error.ToJson())),
    ];

    private static List<KeyValuePair<string, string>> ErrorHeaders(ErrorReport error) =>
    [
        new("Content-Type", ErrorReport.ContentType),
        new(ErrorTypeHeader, error.HeaderSafeErrorType()),
    ];

    private static void AddInvocationId(List<KeyValuePair<string, string>> headers, string? invocationId)
    {
        if (!string.IsNullOrEmpty(invocationId))
        {
            headers.Add(new(InvocationIdHeader, invocationId));
        }
    }

    private static string InvocationPath(string requestId, string action) =>
        BasePath + "invocation/" + EscapeSegment(requestId) + "/" + action;

    /// <summary>Percent-encodes everything but RFC 3986 unreserved characters, so an id can never change the path.</summary>
    internal static string EscapeSegment(string segment)
    {
        var escaped = new StringBuilder(segment.Length);
        foreach (byte b in Encoding.UTF8.GetBytes(segment))
        {
            bool unreserved = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
                || b == '-' || b == '.' || b == '_' || b == '~';
            if (unreserved)
            {
                escaped.Append((char)b);
            }
            else
            {
                escaped.Append('%').Append("0123456789ABCDEF"[b >> 4]).Append("0123456789ABCDEF"[b & 15]);
            }
        }
        return escaped.ToString();
    }
}
