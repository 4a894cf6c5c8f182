using System.Text.Json;
using LambdaSlim.AspNetCore.Tests.Support;
using LambdaSlimFunction.Tests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;

namespace LambdaSlim.AspNetCore.Tests;

/// <summary>Kestrel's response life cycle (OnStarting, OnCompleted), concurrency, and where the server is used at all.</summary>
public sealed class LifecycleTests
{
    [Fact]
    public async Task OnStarting_runs_before_the_head_is_fixed_and_OnCompleted_only_after_the_answer_was_handed_back()
    {
        var completed = new List<string>();
        await using var app = await LambdaApp.StartAsync(web => web.MapGet("/", (HttpContext context) =>
        {
            context.Response.OnStarting(() =>
            {
                context.Response.Headers["X-Started"] = "yes";
                return Task.CompletedTask;
            });
            context.Response.OnCompleted(() =>
            {
                completed.Add(context.TraceIdentifier);
                return Task.CompletedTask;
            });
            return "hello";
        }));
        var lambda = new TestLambdaContext { AwsRequestId = "req-oc" };

        // The runtime posts the answer, then runs the after-response work: OnCompleted is part of it.
        string answer = await app.InvokeAsync(TestEvents.HttpApi("GET", "/"), lambda);

        using var document = JsonDocument.Parse(answer);
        Assert.Equal("yes", document.RootElement.GetProperty("headers").GetProperty("X-Started").GetString());
        Assert.Single(lambda.AfterResponse);
        Assert.Equal(["req-oc"], completed);
    }

    [Fact]
    public async Task Invocations_in_flight_at_the_same_time_are_served_concurrently_through_one_pipeline()
    {
        using var bothInside = new Barrier(2);
        await using var app = await LambdaApp.StartAsync(web => web.MapGet("/slow/{n:int}", (int n) =>
        {
            // Each request waits for the other inside the app: only concurrent serving gets both past this line.
            Assert.True(bothInside.SignalAndWait(TimeSpan.FromSeconds(10)), "the other request never arrived");
            return Results.Ok(n);
        }));

        var first = Task.Run(() => app.InvokeAsync(TestEvents.HttpApi("GET", "/slow/1")));
        var second = Task.Run(() => app.InvokeAsync(TestEvents.HttpApi("GET", "/slow/2")));
        string[] answers = await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(["1", "2"], answers.Select(a => JsonDocument.Parse(a).RootElement.GetProperty("body").GetString()));
    }

    [Fact]
    public void Without_AWS_LAMBDA_RUNTIME_API_Kestrel_stays_and_with_it_the_Lambda_server_replaces_it()
    {
        Assert.Null(Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API"));
        Assert.Equal("KestrelServerImpl", ServerOf().GetType().Name);

        Environment.SetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9001");
        try
        {
            Assert.Equal("LambdaSlimServer", ServerOf().GetType().Name);
        }
        finally
        {
            Environment.SetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API", null);
        }

        static IServer ServerOf()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Services.AddLambdaSlimHosting(LambdaEventSource.HttpApi);
            return builder.Build().Services.GetRequiredService<IServer>();
        }
    }
}
