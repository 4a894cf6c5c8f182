using System.Text;
using System.Text.Json;
using LambdaSlim.Events;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace LambdaSlim.AspNetCore.Events;

/// <summary>
/// Application Load Balancer target groups. The group's multi-value headers setting decides both directions: with
/// it, every header and query value arrives and may be answered; without it, only the last value of each. Query
/// parameters arrive still URL-encoded (unlike API Gateway), so the query string is rebuilt from them as they are.
/// </summary>
internal static class LoadBalancerEvents
{
    public static LambdaHttpRequest ReadRequest(ReadOnlySpan<byte> json)
    {
        ApplicationLoadBalancerRequest request = JsonSerializer.Deserialize(json, HttpEventJsonContext.Default.ApplicationLoadBalancerRequest)
            ?? throw NotAnHttpEventException.Unrecognised();
        string method = request.HttpMethod ?? throw NotAnHttpEventException.Missing(LambdaEventSource.ApplicationLoadBalancer, "httpMethod");

        HeaderDictionary headers = EventRequests.Headers(request.MultiValueHeaders, request.Headers);
        byte[] body = request.GetBodyBytes();
        EventRequests.SetContentLength(headers, body);
        string rawPath = string.IsNullOrEmpty(request.Path) ? "/" : request.Path;
        string query = Query(request);
        return new LambdaHttpRequest
        {
            Method = method,
            Scheme = EventRequests.Scheme(headers, "http"),
            Protocol = "HTTP/1.1",
            PathBase = "",
            Path = EventRequests.DecodePath(rawPath),
            QueryString = query,
            RawTarget = rawPath + query,
            Headers = headers,
            Body = body,
            RemoteIpAddress = EventRequests.Address(ClientAddress(headers)),
            LocalPort = EventRequests.LocalPort(headers),
            Event = request,
            Source = LambdaEventSource.ApplicationLoadBalancer,
        };
    }

    private static string Query(ApplicationLoadBalancerRequest request)
    {
        var query = new StringBuilder();
        void Add(string key, string value) => query.Append(query.Length == 0 ? '?' : '&').Append(key).Append('=').Append(value);
        if (request.MultiValueQueryStringParameters is { } multi)
        {
            foreach (KeyValuePair<string, IList<string>> parameter in multi)
            {
                foreach (string value in parameter.Value ?? [])
                {
                    Add(parameter.Key, value);
                }
            }
        }
        else if (request.QueryStringParameters is { } single)
        {
            foreach (KeyValuePair<string, string> parameter in single)
            {
                Add(parameter.Key, parameter.Value);
            }
        }
        return query.ToString();
    }

    /// <summary>The load balancer appends the address of whoever connected to it to X-Forwarded-For: the last entry.</summary>
    private static string? ClientAddress(HeaderDictionary headers)
    {
        string forwarded = headers["X-Forwarded-For"].ToString();
        int comma = forwarded.LastIndexOf(',');
        return forwarded[(comma + 1)..].Trim();
    }

    public static byte[] WriteResponse(LambdaHttpRequest request, string requestId, int statusCode, IHeaderDictionary headers,
        ReadOnlySpan<byte> body, ILogger logger)
    {
        (string? text, bool isBase64) = ResponseBodies.Encode(headers, body);
        var response = new ApplicationLoadBalancerResponse
        {
            StatusCode = statusCode,
            StatusDescription = $"{statusCode} {ReasonPhrases.GetReasonPhrase(statusCode)}".TrimEnd(),
            Body = text,
            IsBase64Encoded = isBase64,
        };
        if (((ApplicationLoadBalancerRequest)request.Event).MultiValueHeaders is not null)
        {
            response.MultiValueHeaders = RestApiEvents.MultiValueHeaders(headers);
        }
        else
        {
            response.Headers = SingleValueHeaders(headers, requestId, logger);
        }
        return JsonSerializer.SerializeToUtf8Bytes(response, HttpEventJsonContext.Default.ApplicationLoadBalancerResponse);
    }

    /// <summary>
    /// One value per header: several values comma-joined, except Set-Cookie, which cannot be (the last cookie is
    /// kept, with a warning that says how to keep them all).
    /// </summary>
    private static Dictionary<string, string> SingleValueHeaders(IHeaderDictionary headers, string requestId, ILogger logger)
    {
        var single = new Dictionary<string, string>(headers.Count, StringComparer.OrdinalIgnoreCase);
        foreach (KeyValuePair<string, StringValues> header in headers)
        {
            if (header.Key.Equals(HeaderNames.SetCookie, StringComparison.OrdinalIgnoreCase) && header.Value.Count > 1)
            {
                logger.LogWarning("{Code}: request {RequestId} answers {Count} Set-Cookie headers, but the ALB target group sends " +
                    "single-value headers, so only the last cookie reaches the client. Turn on multi-value headers on the target group.",
                    AspNetCoreErrorCodes.CookiesDroppedByLoadBalancer, requestId, header.Value.Count);
                single[header.Key] = header.Value[^1]!;
            }
            else
            {
                single[header.Key] = header.Value.ToString();
            }
        }
        return single;
    }
}
