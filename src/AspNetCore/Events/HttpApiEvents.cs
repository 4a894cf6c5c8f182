using System.Text.Json;
using LambdaSlim.Events;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace LambdaSlim.AspNetCore.Events;

/// <summary>
/// Payload format 2.0, from API Gateway HTTP APIs and Lambda function URLs: the raw path and raw query string as
/// sent, headers with repeated values comma-joined, cookies apart (in and out).
/// </summary>
internal static class HttpApiEvents
{
    public static LambdaHttpRequest ReadRequest(ReadOnlySpan<byte> json)
    {
        APIGatewayHttpApiV2ProxyRequest request = JsonSerializer.Deserialize(json, HttpEventJsonContext.Default.APIGatewayHttpApiV2ProxyRequest)
            ?? throw NotAnHttpEventException.Unrecognised();
        APIGatewayHttpApiV2ProxyRequest.HttpDescription http = request.RequestContext?.Http
            ?? throw NotAnHttpEventException.Missing(LambdaEventSource.HttpApi, "requestContext.http");
        string method = http.Method ?? throw NotAnHttpEventException.Missing(LambdaEventSource.HttpApi, "requestContext.http.method");

        HeaderDictionary headers = EventRequests.Headers(null, request.Headers);
        if (request.Cookies is { Length: > 0 } cookies)
        {
            // The service took the Cookie header apart; the app reads it whole.
            headers[HeaderNames.Cookie] = string.Join("; ", cookies);
        }
        byte[] body = request.GetBodyBytes();
        EventRequests.SetContentLength(headers, body);

        string rawPath = request.RawPath ?? http.Path ?? "/";
        string stage = request.RequestContext!.Stage ?? "$default";
        // A named stage is the first segment of the path; $default has none.
        (string pathBase, string path) = stage == "$default"
            ? ("", EventRequests.DecodePath(rawPath))
            : EventRequests.SplitPrefix(EventRequests.DecodePath(rawPath), "/" + stage);
        string query = string.IsNullOrEmpty(request.RawQueryString) ? "" : "?" + request.RawQueryString;
        return new LambdaHttpRequest
        {
            Method = method,
            Scheme = EventRequests.Scheme(headers, "https"),
            Protocol = http.Protocol ?? "HTTP/1.1",
            PathBase = pathBase,
            Path = path,
            QueryString = query,
            RawTarget = rawPath + query,
            Headers = headers,
            Body = body,
            RemoteIpAddress = EventRequests.Address(http.SourceIp),
            LocalPort = EventRequests.LocalPort(headers),
            Event = request,
            Source = LambdaEventSource.HttpApi,
        };
    }

    public static byte[] WriteResponse(int statusCode, IHeaderDictionary headers, ReadOnlySpan<byte> body)
    {
        (string? text, bool isBase64) = ResponseBodies.Encode(headers, body);
        (IDictionary<string, string> joined, string[]? cookies) = JoinHeaders(headers);
        var response = new APIGatewayHttpApiV2ProxyResponse
        {
            StatusCode = statusCode,
            Headers = joined,
            Cookies = cookies,
            Body = text,
            IsBase64Encoded = isBase64,
        };
        return JsonSerializer.SerializeToUtf8Bytes(response, HttpEventJsonContext.Default.APIGatewayHttpApiV2ProxyResponse);
    }

    /// <summary>
    /// Headers as payload format 2.0 (and the streaming prelude) carry them: one string per name, several values
    /// comma-joined, except Set-Cookie, whose values go apart in <c>cookies</c> (a cookie cannot be comma-joined).
    /// </summary>
    public static (IDictionary<string, string> Headers, string[]? Cookies) JoinHeaders(IHeaderDictionary headers)
    {
        var joined = new Dictionary<string, string>(headers.Count, StringComparer.OrdinalIgnoreCase);
        string[]? cookies = null;
        foreach (KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues> header in headers)
        {
            if (header.Key.Equals(HeaderNames.SetCookie, StringComparison.OrdinalIgnoreCase))
            {
                cookies = header.Value.ToArray()!;
            }
            else
            {
                joined[header.Key] = header.Value.ToString();
            }
        }
        return (joined, cookies);
    }
}
