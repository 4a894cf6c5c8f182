using System.Text.Json;
using LambdaSlim.AspNetCore.Tests.Support;
using LambdaSlimFunction.Tests;

namespace LambdaSlim.AspNetCore.Tests;

/// <summary>Each source's event as the app sees it: request line, path base, query, headers, cookies, body, peer, ids.</summary>
public sealed class RequestMappingTests : IAsyncLifetime
{
    private LambdaApp _app = null!;

    public async Task InitializeAsync() => _app = await LambdaApp.StartAsync(EchoRoutes.Map);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<JsonElement> SeenAsync(string @event, string requestId = "req-1")
    {
        string answer = await _app.InvokeAsync(@event, new TestLambdaContext { AwsRequestId = requestId });
        return EchoRoutes.Seen(JsonDocument.Parse(answer).RootElement);
    }

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    [Fact]
    public async Task An_HTTP_API_request_keeps_its_raw_query_cookies_headers_and_peer()
    {
        var seen = await SeenAsync("""
            {
              "version": "2.0", "routeKey": "$default", "rawPath": "/prod/orders/42", "rawQueryString": "tag=a&tag=b%20c&limit=10",
              "cookies": ["session=3f1a", "theme=dark"],
              "headers": { "content-type": "application/json", "x-tag": "red,blue", "x-forwarded-proto": "https", "x-forwarded-port": "443", "host": "api.example.com" },
              "requestContext": { "stage": "prod", "requestId": "apigw-id", "http": { "method": "POST", "path": "/prod/orders/42", "protocol": "HTTP/1.1", "sourceIp": "203.0.113.10" } },
              "body": "{\"item\":\"tea\"}", "isBase64Encoded": false
            }
            """, requestId: "lambda-req-7");

        Assert.Equal("POST", seen.GetProperty("method").GetString());
        Assert.Equal("https", seen.GetProperty("scheme").GetString());
        Assert.Equal("HTTP/1.1", seen.GetProperty("protocol").GetString());
        Assert.Equal("/prod", seen.GetProperty("pathBase").GetString());
        Assert.Equal("/orders/42", seen.GetProperty("path").GetString());
        Assert.Equal("?tag=a&tag=b%20c&limit=10", seen.GetProperty("queryString").GetString());
        Assert.Equal(["a", "b c"], Strings(seen.GetProperty("query").GetProperty("tag")));
        Assert.Equal("3f1a", seen.GetProperty("cookies").GetProperty("session").GetString());
        Assert.Equal("dark", seen.GetProperty("cookies").GetProperty("theme").GetString());
        Assert.Equal(["red,blue"], Strings(seen.GetProperty("headers").GetProperty("x-tag")));
        Assert.Equal("{\"item\":\"tea\"}", seen.GetProperty("body").GetString());
        Assert.Equal(14, seen.GetProperty("contentLength").GetInt64());
        Assert.Equal("203.0.113.10", seen.GetProperty("remoteIp").GetString());
        Assert.Equal(443, seen.GetProperty("localPort").GetInt32());
        Assert.Equal("lambda-req-7", seen.GetProperty("traceIdentifier").GetString());
        Assert.Equal("lambda-req-7", seen.GetProperty("lambdaRequestId").GetString());
        Assert.Equal("APIGatewayHttpApiV2ProxyRequest", seen.GetProperty("eventType").GetString());
        Assert.Equal("HttpApi", seen.GetProperty("eventSource").GetString());
        Assert.True(seen.GetProperty("aborted").GetBoolean());
    }

    [Fact]
    public async Task A_function_URL_request_has_no_path_base_and_a_base64_body_arrives_as_its_bytes()
    {
        // The function-url sample: PUT of an 8-byte PNG signature, $default stage.
        var seen = await SeenAsync(File.ReadAllText(Samples.Path("function-url")));

        Assert.Equal("PUT", seen.GetProperty("method").GetString());
        Assert.Equal("", seen.GetProperty("pathBase").GetString());
        Assert.Equal("/thumbnails/cat.png", seen.GetProperty("path").GetString());
        Assert.Equal(["a", "b"], Strings(seen.GetProperty("query").GetProperty("tag")));
        Assert.Equal(8, seen.GetProperty("contentLength").GetInt64());
    }

    [Fact]
    public async Task Percent_encoded_paths_are_decoded_as_Kestrel_decodes_them_but_an_encoded_slash_stays()
    {
        var seen = await SeenAsync("""
            { "version": "2.0", "rawPath": "/files/a%20b%2Fc", "rawQueryString": "",
              "requestContext": { "stage": "$default", "http": { "method": "GET", "path": "/files/a b/c" } } }
            """);

        Assert.Equal("/files/a b%2Fc", seen.GetProperty("path").GetString());
        Assert.Equal("", seen.GetProperty("queryString").GetString());
    }

    [Fact]
    public async Task A_REST_API_request_takes_every_header_and_query_value_and_its_stage_as_path_base()
    {
        // The apigw-v1 sample: GET /orders/1042 on stage prod, X-Tag sent twice, expand twice.
        var seen = await SeenAsync(File.ReadAllText(Samples.Path("apigw-v1")));

        Assert.Equal("GET", seen.GetProperty("method").GetString());
        Assert.Equal("/prod", seen.GetProperty("pathBase").GetString());
        Assert.Equal("/orders/1042", seen.GetProperty("path").GetString());
        Assert.Equal(["items", "customer"], Strings(seen.GetProperty("query").GetProperty("expand")));
        Assert.Equal("?expand=items&expand=customer&fields=status", seen.GetProperty("queryString").GetString());
        Assert.Equal(["red", "blue"], Strings(seen.GetProperty("headers").GetProperty("x-tag")));
        Assert.Equal("3f1a9c", seen.GetProperty("cookies").GetProperty("session").GetString());
        Assert.Equal("203.0.113.10", seen.GetProperty("remoteIp").GetString());
        Assert.Equal("https", seen.GetProperty("scheme").GetString());
        Assert.Equal("APIGatewayProxyRequest", seen.GetProperty("eventType").GetString());
    }

    [Fact]
    public async Task A_REST_API_query_value_is_encoded_again_so_that_the_app_reads_what_the_client_sent()
    {
        var seen = await SeenAsync("""
            { "httpMethod": "GET", "path": "/search",
              "multiValueQueryStringParameters": { "q": ["green tea & milk"], "tag": ["a", "b"] },
              "requestContext": { "path": "/search", "stage": "$default", "identity": { "sourceIp": "198.51.100.1" } } }
            """);

        Assert.Equal("", seen.GetProperty("pathBase").GetString());
        Assert.Equal(["green tea & milk"], Strings(seen.GetProperty("query").GetProperty("q")));
        Assert.Equal(["a", "b"], Strings(seen.GetProperty("query").GetProperty("tag")));
    }

    [Fact]
    public async Task An_ALB_request_with_multi_value_headers_keeps_repeated_keys_and_decodes_its_still_encoded_query()
    {
        // The alb-multi sample: status=paid&status=shipped, q=green%20tea (ALB leaves values encoded), two Cookie headers.
        var seen = await SeenAsync(File.ReadAllText(Samples.Path("alb-multi")));

        Assert.Equal("GET", seen.GetProperty("method").GetString());
        Assert.Equal("http", seen.GetProperty("scheme").GetString());
        Assert.Equal("?status=paid&status=shipped&q=green%20tea", seen.GetProperty("queryString").GetString());
        Assert.Equal(["paid", "shipped"], Strings(seen.GetProperty("query").GetProperty("status")));
        Assert.Equal(["green tea"], Strings(seen.GetProperty("query").GetProperty("q")));
        Assert.Equal("dark", seen.GetProperty("cookies").GetProperty("theme").GetString());
        Assert.Equal("203.0.113.10", seen.GetProperty("remoteIp").GetString());
        Assert.Equal(80, seen.GetProperty("localPort").GetInt32());
        Assert.Equal("ApplicationLoadBalancer", seen.GetProperty("eventSource").GetString());
    }

    [Fact]
    public async Task An_ALB_request_with_single_value_headers_and_a_base64_body()
    {
        // The alb sample: POST /orders, body base64 of {"item":"tea","quantity":1}, source=web%20shop.
        var seen = await SeenAsync(File.ReadAllText(Samples.Path("alb")));

        Assert.Equal("POST", seen.GetProperty("method").GetString());
        Assert.Equal("{\"item\":\"tea\",\"quantity\":1}", seen.GetProperty("body").GetString());
        Assert.Equal(["web shop"], Strings(seen.GetProperty("query").GetProperty("source")));
        Assert.Equal(["application/json"], Strings(seen.GetProperty("headers").GetProperty("content-type")));
    }

    [Fact]
    public async Task The_last_X_Forwarded_For_entry_is_the_ALB_clients_address()
    {
        var seen = await SeenAsync("""
            { "requestContext": { "elb": { "targetGroupArn": "arn" } }, "httpMethod": "GET", "path": "/",
              "headers": { "x-forwarded-for": "10.0.0.1, 192.0.2.44" } }
            """);

        Assert.Equal("192.0.2.44", seen.GetProperty("remoteIp").GetString());
    }
}
