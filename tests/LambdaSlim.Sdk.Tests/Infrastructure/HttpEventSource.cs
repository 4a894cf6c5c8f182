using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LambdaSlim.Sdk.Tests.Infrastructure;

/// <summary>
/// The wire formats of the services in front of an HTTP function, written here from AWS's documented event shapes
/// (independently of LambdaSlim.AspNetCore's own models, so a mapping mistake there cannot hide in both).
/// </summary>
public abstract class HttpEventSource
{
    public static readonly HttpEventSource HttpApi = new HttpApiSource();
    public static readonly HttpEventSource RestApi = new RestApiSource();
    public static readonly HttpEventSource LoadBalancer = new LoadBalancerSource();

    public static HttpEventSource Named(string name) => name switch
    {
        "HttpApi" => HttpApi,
        "RestApi" => RestApi,
        "ApplicationLoadBalancer" => LoadBalancer,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    /// <summary>The client's address as the service reports it.</summary>
    public const string ClientIp = "203.0.113.10";

    public abstract string Name { get; }

    /// <summary>What the service puts before the app's own path (a REST API's stage), as the app's PathBase.</summary>
    public virtual string PathBase => "";

    public abstract string Event(HttpRequestSpec request);

    public abstract HttpAnswer ReadAnswer(string json);

    public override string ToString() => Name;

    private static JsonObject MultiValueMap(IEnumerable<(string Key, string Value)> pairs)
    {
        var map = new JsonObject();
        foreach (var group in pairs.GroupBy(p => p.Key))
        {
            map[group.Key] = new JsonArray(group.Select(p => (JsonNode)JsonValue.Create(p.Value)!).ToArray());
        }
        return map;
    }

    private static IEnumerable<(string Key, string Value)> HeaderPairs(HttpRequestSpec request, bool cookieHeader)
    {
        foreach (var (name, value) in request.Headers)
        {
            yield return (name, value);
        }
        if (request.Body is not null)
        {
            yield return ("content-type", "application/json");
        }
        if (cookieHeader && request.Cookies.Count > 0)
        {
            yield return ("cookie", string.Join("; ", request.Cookies));
        }
    }

    private static HttpAnswer ReadMultiValueAnswer(string json)
    {
        var root = JsonNode.Parse(json)!.AsObject();
        var headers = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in root["multiValueHeaders"]?.AsObject() ?? [])
        {
            headers[name] = values!.AsArray().Select(v => v!.GetValue<string>()).ToArray();
        }
        var cookies = headers.TryGetValue("Set-Cookie", out var setCookie) ? setCookie : [];
        return new HttpAnswer(root["statusCode"]!.GetValue<int>(), headers, cookies, Body(root));
    }

    private static byte[] Body(JsonObject root)
    {
        string body = root["body"]?.GetValue<string>() ?? "";
        return root["isBase64Encoded"]?.GetValue<bool>() == true ? Convert.FromBase64String(body) : Encoding.UTF8.GetBytes(body);
    }

    /// <summary>API Gateway HTTP API, payload format 2.0 (function URLs send the same).</summary>
    private sealed class HttpApiSource : HttpEventSource
    {
        public override string Name => "HttpApi";

        public override string Event(HttpRequestSpec request)
        {
            var headers = new JsonObject { ["x-forwarded-proto"] = "https", ["x-forwarded-for"] = ClientIp };
            // HTTP APIs join repeated headers with commas and move cookies to their own array.
            foreach (var group in HeaderPairs(request, cookieHeader: false).GroupBy(p => p.Key))
            {
                headers[group.Key] = string.Join(',', group.Select(p => p.Value));
            }
            var query = new JsonObject();
            foreach (var group in request.Query.GroupBy(p => p.Key))
            {
                query[group.Key] = string.Join(',', group.Select(p => p.Value));
            }
            var @event = new JsonObject
            {
                ["version"] = "2.0",
                ["routeKey"] = "$default",
                ["rawPath"] = request.Path,
                ["rawQueryString"] = request.QueryString,
                ["headers"] = headers,
                ["requestContext"] = new JsonObject
                {
                    ["accountId"] = "123456789012",
                    ["apiId"] = "r3pmxmplak",
                    ["domainName"] = "r3pmxmplak.execute-api.us-east-1.amazonaws.com",
                    ["http"] = new JsonObject
                    {
                        ["method"] = request.Method, ["path"] = request.Path, ["protocol"] = "HTTP/1.1",
                        ["sourceIp"] = ClientIp, ["userAgent"] = "lambdaslim-tests",
                    },
                    ["requestId"] = "JKJaXmPLvHcESHA=",
                    ["routeKey"] = "$default",
                    ["stage"] = "$default",
                    ["timeEpoch"] = 1764786600000,
                },
                ["isBase64Encoded"] = false,
            };
            if (request.Query.Count > 0)
            {
                @event["queryStringParameters"] = query;
            }
            if (request.Cookies.Count > 0)
            {
                @event["cookies"] = new JsonArray(request.Cookies.Select(c => (JsonNode)JsonValue.Create(c)!).ToArray());
            }
            if (request.Body is not null)
            {
                @event["body"] = request.Body;
            }
            return @event.ToJsonString();
        }

        public override HttpAnswer ReadAnswer(string json)
        {
            var root = JsonNode.Parse(json)!.AsObject();
            var headers = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, value) in root["headers"]?.AsObject() ?? [])
            {
                headers[name] = [value!.GetValue<string>()];
            }
            var cookies = root["cookies"]?.AsArray().Select(c => c!.GetValue<string>()).ToArray() ?? [];
            return new HttpAnswer(root["statusCode"]!.GetValue<int>(), headers, cookies, Body(root));
        }
    }

    /// <summary>API Gateway REST API (payload format 1.0) on stage "prod".</summary>
    private sealed class RestApiSource : HttpEventSource
    {
        public override string Name => "RestApi";

        public override string PathBase => "/prod";

        public override string Event(HttpRequestSpec request)
        {
            List<(string Key, string Value)> pairs = [.. HeaderPairs(request, cookieHeader: true), ("X-Forwarded-Proto", "https"), ("X-Forwarded-For", ClientIp)];
            var @event = new JsonObject
            {
                ["resource"] = "/{proxy+}",
                ["path"] = request.Path,
                ["httpMethod"] = request.Method,
                ["headers"] = new JsonObject(pairs.GroupBy(p => p.Key).Select(g => KeyValuePair.Create(g.Key, (JsonNode?)g.Last().Value))),
                ["multiValueHeaders"] = MultiValueMap(pairs),
                ["queryStringParameters"] = request.Query.Count == 0 ? null
                    : new JsonObject(request.Query.GroupBy(p => p.Key).Select(g => KeyValuePair.Create(g.Key, (JsonNode?)g.Last().Value))),
                ["multiValueQueryStringParameters"] = request.Query.Count == 0 ? null : MultiValueMap(request.Query),
                ["pathParameters"] = new JsonObject { ["proxy"] = request.Path.TrimStart('/') },
                ["requestContext"] = new JsonObject
                {
                    ["accountId"] = "123456789012",
                    ["resourcePath"] = "/{proxy+}",
                    ["httpMethod"] = request.Method,
                    ["path"] = PathBase + request.Path,
                    ["stage"] = "prod",
                    ["protocol"] = "HTTP/1.1",
                    ["requestId"] = "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
                    ["identity"] = new JsonObject { ["sourceIp"] = ClientIp, ["userAgent"] = "lambdaslim-tests" },
                },
                ["body"] = request.Body,
                ["isBase64Encoded"] = false,
            };
            return @event.ToJsonString();
        }

        public override HttpAnswer ReadAnswer(string json) => ReadMultiValueAnswer(json);
    }

    /// <summary>An Application Load Balancer target group with multi-value headers on.</summary>
    private sealed class LoadBalancerSource : HttpEventSource
    {
        public override string Name => "ApplicationLoadBalancer";

        public override string Event(HttpRequestSpec request)
        {
            List<(string Key, string Value)> pairs =
                [.. HeaderPairs(request, cookieHeader: true), ("x-forwarded-proto", "http"), ("x-forwarded-port", "80"), ("x-forwarded-for", ClientIp)];
            var @event = new JsonObject
            {
                ["requestContext"] = new JsonObject
                {
                    ["elb"] = new JsonObject { ["targetGroupArn"] = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/6d0ecf831eec9f09" },
                },
                ["httpMethod"] = request.Method,
                ["path"] = request.Path,
                // A load balancer passes query values on still URL-encoded.
                ["multiValueQueryStringParameters"] = MultiValueMap(request.Query.Select(p => (p.Key, Uri.EscapeDataString(p.Value)))),
                ["multiValueHeaders"] = MultiValueMap(pairs),
                ["body"] = request.Body ?? "",
                ["isBase64Encoded"] = false,
            };
            return @event.ToJsonString();
        }

        public override HttpAnswer ReadAnswer(string json) => ReadMultiValueAnswer(json);
    }
}
