using System.Text;
using LambdaSlim.AspNetCore.Hosting;
using LambdaSlim.Runtime;
using LambdaSlimFunction.Tests;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LambdaSlim.AspNetCore.Tests.Support;

/// <summary>
/// A real minimal-API app (WebApplication.CreateSlimBuilder) served by the Lambda server, whose invocations come from
/// the test instead of the Runtime API: <see cref="InvokeAsync"/> hands an event to the server's handler as the
/// runtime client would, then runs the invocation's after-response work.
/// </summary>
public sealed class LambdaApp : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CapturedLoop _loop;
    private readonly List<string> _logs;

    private LambdaApp(WebApplication app, CapturedLoop loop, List<string> logs)
    {
        _app = app;
        _loop = loop;
        _logs = logs;
    }

    public IServiceProvider Services => _app.Services;

    public static async Task<LambdaApp> StartAsync(Action<WebApplication> routes, Action<LambdaSlimHostingOptions>? configure = null)
    {
        var loop = new CapturedLoop();
        var logs = new List<string>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new ListLoggerProvider(logs));
        builder.Services.Configure(configure ?? (_ => { }));
        builder.Services.AddLambdaSlimServer(loop);
        var app = builder.Build();
        routes(app);
        await app.StartAsync();
        await loop.Ready.WaitAsync(TimeSpan.FromSeconds(10));
        return new LambdaApp(app, loop, logs);
    }

    /// <summary>What the app logged so far ("Level: message [exception]"), in order.</summary>
    public IReadOnlyList<string> LogLines
    {
        get
        {
            lock (_logs)
            {
                return [.. _logs];
            }
        }
    }

    /// <summary>Sends one event; returns the buffered answer (after the invocation's after-response work ran).</summary>
    public async Task<string> InvokeAsync(string @event, TestLambdaContext? context = null)
    {
        context ??= new TestLambdaContext { AwsRequestId = Guid.NewGuid().ToString() };
        ReadOnlyMemory<byte> answer = await _loop.Handler!(Encoding.UTF8.GetBytes(@event), context);
        await RunAfterResponseAsync(context);
        return Encoding.UTF8.GetString(answer.Span);
    }

    /// <summary>Sends one event in streaming mode; returns what was streamed.</summary>
    public async Task<byte[]> StreamAsync(string @event, TestLambdaContext? context = null)
    {
        context ??= new TestLambdaContext { AwsRequestId = Guid.NewGuid().ToString() };
        var output = new MemoryStream();
        await _loop.StreamingHandler!(Encoding.UTF8.GetBytes(@event), output, context);
        await RunAfterResponseAsync(context);
        return output.ToArray();
    }

    public string? StreamingContentType => _loop.ContentType;

    private static async Task RunAfterResponseAsync(TestLambdaContext context)
    {
        foreach (var work in context.AfterResponse)
        {
            await work(CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>Keeps the handler the server hands the loop, and blocks like the runtime loop until stopped.</summary>
    private sealed class CapturedLoop : IRuntimeLoop
    {
        private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Ready => _ready.Task;
        public Func<ReadOnlyMemory<byte>, ILambdaContext, Task<ReadOnlyMemory<byte>>>? Handler { get; private set; }
        public Func<ReadOnlyMemory<byte>, Stream, ILambdaContext, Task>? StreamingHandler { get; private set; }
        public string? ContentType { get; private set; }

        public void Run(Func<ReadOnlyMemory<byte>, ILambdaContext, Task<ReadOnlyMemory<byte>>> handler, CancellationToken stop)
        {
            Handler = handler;
            _ready.SetResult();
            stop.WaitHandle.WaitOne();
        }

        public void RunStreaming(Func<ReadOnlyMemory<byte>, Stream, ILambdaContext, Task> handler, string contentType, CancellationToken stop)
        {
            StreamingHandler = handler;
            ContentType = contentType;
            _ready.SetResult();
            stop.WaitHandle.WaitOne();
        }
    }
}
