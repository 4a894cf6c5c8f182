using System.Text.Json;
using LambdaSlim.AspNetCore.Tests.Support;
using LambdaSlimFunction.Tests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace LambdaSlim.AspNetCore.Tests;

/// <summary>What goes wrong: the app throws (500, logged with the request id, next request served), or the event is no HTTP request.</summary>
public sealed class FailureTests : IAsyncLifetime
{
    private LambdaApp _app = null!;

    public async Task InitializeAsync() => _app = await LambdaApp.StartAsync(app =>
    {
        app.MapGet("/boom", (HttpResponse response) =>
        {
            response.Headers["X-Half-Done"] = "yes";
            throw new InvalidOperationException("the cellar flooded");
        });
        app.MapGet("/boom-after-write", async (HttpResponse response) =>
        {
            await response.WriteAsync("partial");
            throw new InvalidOperationException("halfway");
        });
        app.MapGet("/ok", () => "fine");
    });

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("/boom", "the cellar flooded")]
    [InlineData("/boom-after-write", "halfway")]
    public async Task An_unhandled_exception_is_an_empty_500_logged_with_the_request_id_and_the_next_request_is_served(string path, string message)
    {
        string answer = await _app.InvokeAsync(TestEvents.HttpApi("GET", path), new TestLambdaContext { AwsRequestId = "req-boom-1" });

        using var document = JsonDocument.Parse(answer);
        Assert.Equal(500, document.RootElement.GetProperty("statusCode").GetInt32());
        Assert.Equal("", document.RootElement.GetProperty("body").GetString());
        var headers = document.RootElement.GetProperty("headers");
        Assert.Equal("0", headers.GetProperty("Content-Length").GetString());
        Assert.False(headers.TryGetProperty("X-Half-Done", out _));
        string logged = Assert.Single(_app.LogLines, l => l.Contains("LSLIM7002"));
        Assert.StartsWith("Error: LSLIM7002: request req-boom-1 (GET " + path + ")", logged);
        Assert.EndsWith($"[InvalidOperationException: {message}]", logged);

        using var next = JsonDocument.Parse(await _app.InvokeAsync(TestEvents.HttpApi("GET", "/ok")));
        Assert.Equal(200, next.RootElement.GetProperty("statusCode").GetInt32());
        Assert.Equal("fine", next.RootElement.GetProperty("body").GetString());
    }

    [Theory]
    [InlineData("""{"Records":[{"eventSource":"aws:sqs","body":"hi"}]}""")]
    [InlineData("\"just a string\"")]
    [InlineData("""{"version":"2.0","rawPath":"/"}""")]
    public async Task An_event_that_is_no_HTTP_request_fails_the_invocation_with_LSLIM7001(string @event)
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => _app.InvokeAsync(@event));

        Assert.Equal("NotAnHttpEventException", failure.GetType().Name);
        Assert.StartsWith("LSLIM7001: ", failure.Message);
    }

    [Fact]
    public async Task An_event_of_another_source_than_the_pinned_one_fails_with_LSLIM7001_naming_the_setting()
    {
        await using var pinned = await LambdaApp.StartAsync(app => app.MapGet("/ok", () => "fine"),
            options => options.EventSource = LambdaEventSource.HttpApi);

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => pinned.InvokeAsync(TestEvents.RestApi("GET", "/ok")));

        Assert.StartsWith("LSLIM7001: ", failure.Message);
        Assert.Contains("LambdaSlimHostingOptions.EventSource", failure.Message);
    }
}
