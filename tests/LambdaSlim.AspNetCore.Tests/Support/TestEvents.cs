namespace LambdaSlim.AspNetCore.Tests.Support;

/// <summary>Minimal events of each source for a method and path (plus a query string), for tests about responses.</summary>
public static class TestEvents
{
    public static string HttpApi(string method, string path, string query = "") => $$"""
        { "version": "2.0", "rawPath": "{{path}}", "rawQueryString": "{{query}}",
          "requestContext": { "stage": "$default", "http": { "method": "{{method}}", "path": "{{path}}", "sourceIp": "203.0.113.10" } } }
        """;

    public static string RestApi(string method, string path) => $$"""
        { "httpMethod": "{{method}}", "path": "{{path}}", "requestContext": { "path": "/prod{{path}}", "stage": "prod" } }
        """;

    public static string LoadBalancer(string method, string path, bool multiValueHeaders) => multiValueHeaders
        ? $$"""{ "requestContext": { "elb": { "targetGroupArn": "arn" } }, "httpMethod": "{{method}}", "path": "{{path}}", "multiValueHeaders": { "accept": ["*/*"] } }"""
        : $$"""{ "requestContext": { "elb": { "targetGroupArn": "arn" } }, "httpMethod": "{{method}}", "path": "{{path}}", "headers": { "accept": "*/*" } }""";
}
