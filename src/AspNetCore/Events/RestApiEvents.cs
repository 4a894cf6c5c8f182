using System.Text.Json;
using LambdaSlim.Events;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace LambdaSlim.AspNetCore.Events;

/// <summary>
/// Payload format 1.0, from API Gateway REST APIs (and HTTP APIs set to 1.0): every header and query value in the
/// multi-value maps, query values URL-decoded, the path without the stage (which <c>requestContext.path</c> has).
/// </summary>
internal static class RestApiEvents
{
    public static LambdaHttpRequest ReadRequest(ReadOnlySpan<byte> json)
    {
        APIGatewayProxyRequest request = JsonSerializer.Deserialize(json, HttpEventJsonContext.Default.APIGatewayProxyRequest)
            ?? throw NotAnHttpEventException.Unrecognised();
        string method = request.HttpMethod ?? throw NotAnHttpEventException.Missing(LambdaEventSource.RestApi, "httpMethod");

        HeaderDictionary headers = EventRequests.Headers(request.MultiValueHeaders, request.Headers);
        byte[] body = request.GetBodyBytes();
        EventRequests.SetContentLength(headers, body);

        // API Gateway hands the path decoded; what the client sent before it is requestContext.path, stage (or a
        // custom domain's base path) included: that prefix is the app's PathBase.
        string path = string.IsNullOrEmpty(request.Path) ? "/" : request.Path;
        string fullPath = request.RequestContext?.Path ?? path;
        string pathBase = fullPath.Length > path.Length && fullPath.EndsWith(path, StringComparison.Ordinal)
            ? fullPath[..^path.Length]
            : "";
        string query = Query(request).ToUriComponent();
        return new LambdaHttpRequest
        {
            Method = method,
            Scheme = EventRequests.Scheme(headers, "https"),
            Protocol = request.RequestContext?.Protocol ?? "HTTP/1.1",
            PathBase = pathBase,
            Path = path,
            QueryString = query,
            RawTarget = fullPath + query,
            Headers = headers,
            Body = body,
            RemoteIpAddress = EventRequests.Address(request.RequestContext?.Identity?.SourceIp),
            LocalPort = EventRequests.LocalPort(headers),
            Event = request,
            Source = LambdaEventSource.RestApi,
        };
    }

    /// <summary>
    /// The query string rebuilt from the decoded parameters (the event has no raw one): each value encoded again,
    /// repeated keys kept, grouped by key in the order the event lists the keys.
    /// </summary>
    private static QueryString Query(APIGatewayProxyRequest request)
    {
        if (request.MultiValueQueryStringParameters is { Count: > 0 } multi)
        {
            return QueryString.Create(multi.Select(p => new KeyValuePair<string, StringValues>(p.Key, p.Value?.ToArray() ?? [])));
        }
        return request.QueryStringParameters is { Count: > 0 } single
            ? QueryString.Create(single.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value)))
            : QueryString.Empty;
    }

    public static byte[] WriteResponse(int statusCode, IHeaderDictionary headers, ReadOnlySpan<byte> body)
    {
        (string? text, bool isBase64) = ResponseBodies.Encode(headers, body);
        var response = new APIGatewayProxyResponse
        {
            StatusCode = statusCode,
            MultiValueHeaders = MultiValueHeaders(headers),
            Body = text,
            IsBase64Encoded = isBase64,
        };
        return JsonSerializer.SerializeToUtf8Bytes(response, HttpEventJsonContext.Default.APIGatewayProxyResponse);
    }

    /// <summary>Every value of every header, Set-Cookie included, as REST APIs and multi-value ALB target groups take them.</summary>
    public static IDictionary<string, IList<string>> MultiValueHeaders(IHeaderDictionary headers)
    {
        var all = new Dictionary<string, IList<string>>(headers.Count, StringComparer.OrdinalIgnoreCase);
        foreach (KeyValuePair<string, StringValues> header in headers)
        {
            all[header.Key] = header.Value.ToArray()!;
        }
        return all;
    }
}
