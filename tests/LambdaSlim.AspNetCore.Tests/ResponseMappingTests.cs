using System.Text;
using System.Text.Json;
using LambdaSlim.AspNetCore.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace LambdaSlim.AspNetCore.Tests;

/// <summary>The app's responses as each source's answer: status, headers, Set-Cookie, text and base64 bodies.</summary>
public sealed class ResponseMappingTests : IAsyncLifetime
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0xFF, 0xFE];
    private LambdaApp _app = null!;

    public async Task InitializeAsync() => _app = await LambdaApp.StartAsync(app =>
    {
        app.MapGet("/order", (HttpResponse response) =>
        {
            response.Cookies.Append("session", "3f1a", new CookieOptions { HttpOnly = true, Path = "/" });
            response.Cookies.Append("theme", "dark");
            response.Headers.Append("X-Tag", new[] { "red", "blue" });
            return Results.Json(new { id = 42, item = "tea" }, statusCode: 201);
        });
        app.MapGet("/cat.png", () => Results.Bytes(Png, "image/png"));
        app.MapGet("/latin1", () => Results.Bytes(Encoding.Latin1.GetBytes("caf\u00e9"), "text/plain; charset=iso-8859-1"));
        app.MapGet("/gzip", (HttpResponse response) =>
        {
            response.Headers.ContentEncoding = "gzip";
            return Results.Bytes([0x1F, 0x8B, 0x08, 0x00], "text/plain");
        });
    });

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<JsonElement> AnswerAsync(string @event) => JsonDocument.Parse(await _app.InvokeAsync(@event)).RootElement.Clone();

    [Fact]
    public async Task An_HTTP_API_answer_has_the_status_joined_headers_cookies_apart_and_a_text_JSON_body()
    {
        var answer = await AnswerAsync(TestEvents.HttpApi("GET", "/order"));

        Assert.Equal(201, answer.GetProperty("statusCode").GetInt32());
        Assert.False(answer.GetProperty("isBase64Encoded").GetBoolean());
        Assert.Equal("""{"id":42,"item":"tea"}""", answer.GetProperty("body").GetString());
        var headers = answer.GetProperty("headers");
        Assert.Equal("application/json; charset=utf-8", headers.GetProperty("Content-Type").GetString());
        Assert.Equal("red,blue", headers.GetProperty("X-Tag").GetString());
        Assert.False(headers.TryGetProperty("Set-Cookie", out _));
        Assert.Equal(["session=3f1a; path=/; httponly", "theme=dark; path=/"],
            answer.GetProperty("cookies").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task A_REST_API_answer_has_every_header_value_Set_Cookie_included_in_multiValueHeaders()
    {
        var answer = await AnswerAsync(TestEvents.RestApi("GET", "/order"));

        Assert.Equal(201, answer.GetProperty("statusCode").GetInt32());
        Assert.False(answer.TryGetProperty("headers", out _));
        var headers = answer.GetProperty("multiValueHeaders");
        Assert.Equal(["red", "blue"], headers.GetProperty("X-Tag").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(2, headers.GetProperty("Set-Cookie").GetArrayLength());
        Assert.Equal("""{"id":42,"item":"tea"}""", answer.GetProperty("body").GetString());
    }

    [Fact]
    public async Task An_ALB_answer_uses_the_header_map_the_request_came_with_and_has_a_status_description()
    {
        var multi = await AnswerAsync(TestEvents.LoadBalancer("GET", "/order", multiValueHeaders: true));
        Assert.Equal("201 Created", multi.GetProperty("statusDescription").GetString());
        Assert.Equal(2, multi.GetProperty("multiValueHeaders").GetProperty("Set-Cookie").GetArrayLength());
        Assert.False(multi.TryGetProperty("headers", out _));

        var single = await AnswerAsync(TestEvents.LoadBalancer("GET", "/order", multiValueHeaders: false));
        Assert.False(single.TryGetProperty("multiValueHeaders", out _));
        Assert.Equal("red,blue", single.GetProperty("headers").GetProperty("X-Tag").GetString());
        // A single-value target group can carry one cookie: the last, with a warning that says how to keep them all.
        Assert.Equal("theme=dark; path=/", single.GetProperty("headers").GetProperty("Set-Cookie").GetString());
        Assert.Contains(_app.LogLines, l => l.StartsWith("Warning: LSLIM7003") && l.Contains("multi-value headers"));
    }

    [Theory]
    [InlineData("HttpApi")]
    [InlineData("RestApi")]
    [InlineData("ApplicationLoadBalancer")]
    public async Task A_binary_body_goes_base64_and_decodes_to_the_same_bytes(string source)
    {
        string @event = source switch
        {
            "HttpApi" => TestEvents.HttpApi("GET", "/cat.png"),
            "RestApi" => TestEvents.RestApi("GET", "/cat.png"),
            _ => TestEvents.LoadBalancer("GET", "/cat.png", multiValueHeaders: false),
        };

        var answer = await AnswerAsync(@event);

        Assert.Equal(200, answer.GetProperty("statusCode").GetInt32());
        Assert.True(answer.GetProperty("isBase64Encoded").GetBoolean());
        Assert.Equal(Png, Convert.FromBase64String(answer.GetProperty("body").GetString()!));
    }

    [Fact]
    public async Task Text_in_another_charset_and_compressed_text_go_base64_too()
    {
        var latin1 = await AnswerAsync(TestEvents.HttpApi("GET", "/latin1"));
        Assert.True(latin1.GetProperty("isBase64Encoded").GetBoolean());
        Assert.Equal(Encoding.Latin1.GetBytes("caf\u00e9"), Convert.FromBase64String(latin1.GetProperty("body").GetString()!));

        var gzip = await AnswerAsync(TestEvents.HttpApi("GET", "/gzip"));
        Assert.True(gzip.GetProperty("isBase64Encoded").GetBoolean());
        Assert.Equal("gzip", gzip.GetProperty("headers").GetProperty("Content-Encoding").GetString());
    }

    [Fact]
    public async Task An_unknown_route_is_a_404_with_an_empty_text_body()
    {
        var answer = await AnswerAsync(TestEvents.HttpApi("GET", "/nowhere"));

        Assert.Equal(404, answer.GetProperty("statusCode").GetInt32());
        Assert.Equal("", answer.GetProperty("body").GetString());
        Assert.False(answer.GetProperty("isBase64Encoded").GetBoolean());
    }
}
