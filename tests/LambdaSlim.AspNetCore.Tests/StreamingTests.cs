using System.Text;
using System.Text.Json;
using LambdaSlim.AspNetCore.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace LambdaSlim.AspNetCore.Tests;

/// <summary>
/// Response streaming: the stream is the HTTP integration response (JSON prelude, eight NUL bytes, the body) declared
/// with its Content-Type; errors before the first byte are a 500 prelude, after it the stream ends in error.
/// </summary>
public sealed class StreamingTests : IAsyncLifetime
{
    private LambdaApp _app = null!;

    public async Task InitializeAsync() => _app = await LambdaApp.StartAsync(app =>
    {
        app.MapGet("/events", async (HttpResponse response) =>
        {
            response.ContentType = "text/event-stream";
            response.Cookies.Append("seen", "1");
            for (int i = 1; i <= 3; i++)
            {
                await response.WriteAsync($"data: {i}\n\n");
                await response.Body.FlushAsync();
            }
        });
        app.MapGet("/boom-before", string () => throw new InvalidOperationException("before"));
        app.MapGet("/boom-midway", async (HttpResponse response) =>
        {
            await response.WriteAsync("first part");
            await response.Body.FlushAsync();
            throw new InvalidOperationException("midway");
        });
    }, options => options.ResponseStreaming = true);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static (JsonElement Prelude, string Body) Split(byte[] streamed)
    {
        int separator = streamed.AsSpan().IndexOf(new byte[8]);
        Assert.True(separator > 0, "no eight-NUL separator in: " + Encoding.UTF8.GetString(streamed));
        return (JsonDocument.Parse(streamed.AsMemory(0, separator)).RootElement.Clone(),
            Encoding.UTF8.GetString(streamed.AsSpan(separator + 8)));
    }

    [Fact]
    public async Task The_stream_is_declared_an_HTTP_integration_response()
    {
        Assert.Equal("application/vnd.awslambda.http-integration-response", _app.StreamingContentType);
    }

    [Fact]
    public async Task The_prelude_carries_status_headers_and_cookies_and_the_body_follows_the_separator()
    {
        byte[] streamed = await _app.StreamAsync(TestEvents.HttpApi("GET", "/events"));

        var (prelude, body) = Split(streamed);
        Assert.Equal(200, prelude.GetProperty("statusCode").GetInt32());
        Assert.Equal("text/event-stream", prelude.GetProperty("headers").GetProperty("Content-Type").GetString());
        Assert.Equal("seen=1; path=/", prelude.GetProperty("cookies")[0].GetString());
        Assert.Equal("data: 1\n\ndata: 2\n\ndata: 3\n\n", body);
        Assert.Equal(["statusCode", "headers", "cookies"], prelude.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task An_exception_before_the_first_byte_streams_an_empty_500()
    {
        var (prelude, body) = Split(await _app.StreamAsync(TestEvents.HttpApi("GET", "/boom-before")));

        Assert.Equal(500, prelude.GetProperty("statusCode").GetInt32());
        Assert.Equal("", body);
    }

    [Fact]
    public async Task An_exception_after_the_first_byte_ends_the_stream_in_error_for_the_runtime_to_report()
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => _app.StreamAsync(TestEvents.HttpApi("GET", "/boom-midway")));

        Assert.Equal("midway", failure.Message);
        Assert.Contains(_app.LogLines, l => l.StartsWith("Error: LSLIM7002") && l.Contains("after its response started streaming"));
    }
}
