using System.Text;
using LambdaSlim.Runtime.Api;
using LambdaSlim.Runtime.Invocations;
using LambdaSlim.Runtime.Logging;

namespace LambdaSlim.Runtime.Tests;

public class InvocationLoopTests
{
    private static readonly FunctionEnvironment Function = new("my-function", "$LATEST", 512, "/aws/lambda/my-function", "2026/11/23/[$LATEST]abc");
    private readonly FakeRuntimeApi _api = new();
    private readonly MemoryStream _logs = new();

    private string Logs => Encoding.UTF8.GetString(_logs.ToArray());

    private InvocationLoop Loop(FunctionHandler handler, RuntimeOptions? options = null) =>
        new(_api, handler, options ?? new RuntimeOptions(), Function, new LogSink(_logs, json: false, LogLevel.Trace));

    private static FunctionHandler Buffered(Func<ReadOnlyMemory<byte>, ILambdaContext, Task<ReadOnlyMemory<byte>>> handler) =>
        FunctionHandler.ForBuffered(handler, "application/json");

    private static Task<ReadOnlyMemory<byte>> Bytes(string text) => Task.FromResult<ReadOnlyMemory<byte>>(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void SuccessPostsTheHandlersBytes()
    {
        Loop(Buffered((body, _) => Bytes("echo:" + Encoding.UTF8.GetString(body.Span)))).Invoke(FakeRuntimeApi.Event("r1", TimeSpan.FromSeconds(30), "{\"a\":1}"));
        var response = Assert.Single(_api.Responses);
        Assert.Equal("echo:{\"a\":1}", Encoding.UTF8.GetString(response.Body));
        Assert.Equal("application/json", response.ContentType);
        Assert.Empty(_api.Errors);
    }

    [Fact]
    public void ContextCarriesTheInvocationAndFunctionFacts()
    {
        ILambdaContext? seen = null;
        var loop = Loop(Buffered((_, context) => { seen = context; return Bytes("{}"); }));
        Invocation invocation = FakeRuntimeApi.Event("r1", TimeSpan.FromSeconds(30)) with
        {
            ClientContext = "{\"c\":1}", CognitoIdentity = "{\"i\":2}", TenantId = "t", TraceId = "Root=1-abc",
        };
        loop.Invoke(invocation);
        Assert.NotNull(seen);
        Assert.Equal("r1", seen.AwsRequestId);
        Assert.Equal("my-function", seen.FunctionName);
        Assert.Equal("$LATEST", seen.FunctionVersion);
        Assert.Equal(512, seen.MemoryLimitInMB);
        Assert.Equal("/aws/lambda/my-function", seen.LogGroupName);
        Assert.Equal("2026/11/23/[$LATEST]abc", seen.LogStreamName);
        Assert.Equal(invocation.InvokedFunctionArn, seen.InvokedFunctionArn);
        Assert.Equal(invocation.Deadline, seen.Deadline);
        Assert.InRange(seen.RemainingTime, TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(30));
        Assert.Equal("{\"c\":1}", seen.ClientContext);
        Assert.Equal("{\"i\":2}", seen.Identity);
        Assert.Equal("t", seen.TenantId);
        Assert.Equal("Root=1-abc", seen.TraceId);
        Assert.True(seen.SinceInit > TimeSpan.Zero);
    }

    [Fact]
    public void ColdStartIsTrueOnlyForTheFirstInvocation()
    {
        var coldStarts = new List<bool>();
        var loop = Loop(Buffered((_, context) => { coldStarts.Add(context.IsColdStart); return Bytes("{}"); }));
        loop.Invoke(FakeRuntimeApi.Event("r1", TimeSpan.FromSeconds(30)));
        loop.Invoke(FakeRuntimeApi.Event("r2", TimeSpan.FromSeconds(30)));
        Assert.Equal([true, false], coldStarts);
    }

    [Fact]
    public void TraceIdIsSetPerInvocation()
    {
        var seen = new List<string?>();
        var loop = Loop(Buffered((_, _) => { seen.Add(Environment.GetEnvironmentVariable("_X_AMZN_TRACE_ID")); return Bytes("{}"); }));
        loop.Invoke(FakeRuntimeApi.Event("r1", TimeSpan.FromSeconds(30), traceId: "Root=1-first"));
        loop.Invoke(FakeRuntimeApi.Event("r2", TimeSpan.FromSeconds(30), traceId: null));
        Assert.Equal(["Root=1-first", null], seen);
    }

    [Fact]
    public void InConcurrentModeTheTraceIdTravelsOnlyWithTheContext()
    {
        Environment.SetEnvironmentVariable("_X_AMZN_TRACE_ID", "Root=1-set-by-someone-else");
        try
        {
            (string? Context, string? Process, int MaxConcurrency) seen = default;
            Loop(Buffered((_, context) =>
            {
                seen = (context.TraceId, Environment.GetEnvironmentVariable("_X_AMZN_TRACE_ID"), context.MaxConcurrency);
                return Bytes("{}");
            }), new RuntimeOptions { MaxConcurrency = 8 }).Invoke(FakeRuntimeApi.Event("r1", TimeSpan.FromSeconds(30), traceId: "Root=1-mine"));
            Assert.Equal(("Root=1-mine", "Root=1-set-by-someone-else", 8), seen);
        }
        finally
        {
            Environment.SetEnvironmentVariable("_X_AMZN_TRACE_ID", null);
        }
    }

    [Fact]
    public void LoopsOfOneProcessShareOneColdStart()
    {
        var first = new FirstInvocation();
        var coldStarts = new List<(string, bool)>();
        FunctionHandler handler = Buffered((_, context) => { coldStarts.Add((context.AwsRequestId, context.IsColdStart)); return Bytes("{}"); });
        var sink = new LogSink(_logs, json: false, LogLevel.Trace);
        var options = new RuntimeOptions { MaxConcurrency = 2 };
        var loopA = new InvocationLoop(_api, handler, options, Function, sink, first);
        var loopB = new InvocationLoop(_api, handler, options, Function, sink, first);
        loopB.Invoke(FakeRuntimeApi.Event("b1", TimeSpan.FromSeconds(30)));
        loopA.Invoke(FakeRuntimeApi.Event("a1", TimeSpan.FromSeconds(30)));
        loopB.Invoke(FakeRuntimeApi.Event("b2", TimeSpan.FromSeconds(30)));
        Assert.Equal([("b1", true), ("a1", false), ("b2", false)], coldStarts);
    }

    [Fact]
    public void TheContextLoggerTagsLinesWithTheRequestAndTenant()
    {
        var json = new MemoryStream();
        var loop = new InvocationLoop(_api, Buffered((_, context) => { context.Logger.LogInformation("hello"); return Bytes("{}"); }),
            new RuntimeOptions(), Function, new LogSink(json, json: true, LogLevel.Info));
        loop.Invoke(FakeRuntimeApi.Event("r1", TimeSpan.FromSeconds(30)) with { TenantId = "tenant-9" });
        using var line = System.Text.Json.JsonDocument.Parse(Encoding.UTF8.GetString(json.ToArray()).Trim());
        Assert.Equal("r1", line.RootElement.GetProperty("requestId").GetString());
        Assert.Equal("tenant-9", line.RootElement.GetProperty("tenantId").GetString());
        Assert.Equal("hello", line.RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public void HandlerExceptionIsPostedAsAnErrorWithTypeMessageAndStack()
    {
        Loop(Buffered((_, _) => throw new InvalidOperationException("boom"))).Invoke(FakeRuntimeApi.Event("r1", TimeSpan.FromSeconds(30)));
        var error = Assert.Single(_api.Errors).Error;
        Assert.Equal("InvalidOperationException", error.ErrorType);
        Assert.Equal("boom", error.ErrorMessage);
        Assert.Contains(error.StackTrace, line => line.Contains(nameof(HandlerExceptionIsPostedAsAnErrorWithTypeMessageAndStack)));
        Assert.True(!error.StackTrace.Any(line => line.Contains("FailureOf")), string.Join("\n", error.StackTrace)); // no rethrow frames
        Assert.Empty(_api.Responses);
        Assert.Contains("InvalidOperationException: boom", Logs);
    }

    [Fact]
    public void AsyncHandlerExceptionIsPostedAsAnError()
    {
        Loop(Buffered(async (_, _) => { await Task.Yield(); throw new FormatException("late"); }))
            .Invoke(FakeRuntimeApi.Event("r1", TimeSpan.FromSeconds(30)));
        Assert.Equal("FormatException", Assert.Single(_api.Errors).Error.ErrorType);
    }

    [Fact]
    public void TokenFiresTheMarginBeforeTheDeadline()
    {
        DateTimeOffset cancelledAt = default;
        var options = new RuntimeOptions { DeadlineMargin = TimeSpan.FromMilliseconds(400) };
        Invocation invocation = FakeRuntimeApi.Event("r1", TimeSpan.FromMilliseconds(900));
        Loop(Buffered(async (_, context) =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, context.CancellationToken);
            }
            finally
            {
                cancelledAt = DateTimeOffset.UtcNow;
            }
            return default;
        }), options).Invoke(invocation);
        Assert.InRange((invocation.Deadline - cancelledAt).TotalMilliseconds, 250, 450);
        // A handler that honours the token ends with its own cancellation error, sent before the deadline.
        var error = Assert.Single(_api.Errors);
        Assert.Equal("TaskCanceledException", error.Error.ErrorType);
        Assert.True(error.At < invocation.Deadline);
    }

    [Fact]
    public void ATokenFirstAskedForAfterTheMarginIsAlreadyCancelled()
    {
        bool cancelled = false;
        var options = new RuntimeOptions { DeadlineMargin = TimeSpan.FromMilliseconds(900) };
        Loop(Buffered((_, context) =>
        {
            Thread.Sleep(300); // past deadline - margin before the token is first read
            cancelled = context.CancellationToken.IsCancellationRequested;
            return Bytes("{}");
        }), options).Invoke(FakeRuntimeApi.Event("r1", TimeSpan.FromMilliseconds(1000)));
        Assert.True(cancelled);
        Assert.Single(_api.Responses);
    }

    [Fact]
    public void HandlersRunOnTheDedicatedHandlerThreadNotTheThreadPool()
    {
        // The thread pool's first use costs worker and gate threads on the way to a cold start's first response.
        var threads = new List<(string? Name, bool Pooled)>();
        var loop = Loop(Buffered((_, context) =>
        {
            threads.Add((Thread.CurrentThread.Name, Thread.CurrentThread.IsThreadPoolThread));
            context.RunAfterResponse(_ =>
            {
                threads.Add((Thread.CurrentThread.Name, Thread.CurrentThread.IsThreadPoolThread));
                return Task.CompletedTask;
            });
            return Bytes("{}");
        }));
        loop.Invoke(FakeRuntimeApi.Event("r1", TimeSpan.FromSeconds(30)));
        loop.Invoke(FakeRuntimeApi.Event("r2", TimeSpan.FromSeconds(30)));
        Assert.Equal(4, threads.Count);
        Assert.All(threads, t => Assert.Equal(("LambdaSlim handler", false), t));
    }

    [Fact]
    public void BackToBackInvocationsNeverFindTheHandlerThreadBusy()
    {
        // The loop hands over the next call the moment the previous result is in; the handler thread must be
        // idle by then, even when the handler completes synchronously (the tightest race).
        var loop = Loop(Buffered((_, _) => Bytes("{}")));
        for (int i = 0; i < 3000; i++)
        {
            loop.Invoke(FakeRuntimeApi.Event("r" + i, TimeSpan.FromSeconds(30)));
        }
        Assert.Equal(3000, _api.Responses.Count);
        Assert.Empty(_api.Errors);
    }

    [Fact]
    public void HandlerIgnoringTheTokenGetsATimeoutErrorBeforeTheDeadlineAndTheNextInvocationIsServed()
    {
        using var lateHandlerDone = new ManualResetEventSlim();
        int calls = 0;
        var loop = Loop(Buffered((_, context) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                Thread.Sleep(1500); // ignores the token, blocks its thread
                context.RunAfterResponse(_ => throw new Exception("must never run"));
                lateHandlerDone.Set();
                return Bytes("late result");
            }
            return Bytes("second");
        }));
        Invocation first = FakeRuntimeApi.Event("r1", TimeSpan.FromMilliseconds(700));
        loop.Invoke(first);

        var timeout = Assert.Single(_api.Errors);
        Assert.Equal("LambdaSlim.Timeout", timeout.Error.ErrorType);
        Assert.StartsWith("LSLIM4005: Task timed out", timeout.Error.ErrorMessage);
        Assert.True(timeout.At < first.Deadline, "the timeout error must be posted before the deadline");

        loop.Invoke(FakeRuntimeApi.Event("r2", TimeSpan.FromSeconds(30)));
        Assert.Equal("second", Encoding.UTF8.GetString(Assert.Single(_api.Responses).Body));

        Assert.True(lateHandlerDone.Wait(5000));
        Thread.Sleep(100);
        Assert.DoesNotContain(_api.Responses, r => r.Invocation.RequestId == "r1");
        Assert.Single(_api.Errors);
        Assert.Contains("called after the invocation ended", Logs);
    }

    [Fact]
    public void ResponseOverTheLimitIsAnErrorAndTheNextInvocationWorks()
    {
        int size = (int)(6.1 * 1024 * 1024);
        var loop = Loop(Buffered((body, _) => Task.FromResult<ReadOnlyMemory<byte>>(new byte[int.Parse(Encoding.UTF8.GetString(body.Span))])));
        loop.Invoke(FakeRuntimeApi.Event("big", TimeSpan.FromSeconds(30), size.ToString()));
        var error = Assert.Single(_api.Errors).Error;
        Assert.Equal("LambdaSlim.ResponseSizeTooLarge", error.ErrorType);
        Assert.Contains("6291456", error.ErrorMessage);
        Assert.Contains(size.ToString(), error.ErrorMessage);
        Assert.Contains("RunStreamingAsync", error.ErrorMessage);
        Assert.Empty(_api.Responses);

        int fits = (int)(5.9 * 1024 * 1024);
        loop.Invoke(FakeRuntimeApi.Event("fits", TimeSpan.FromSeconds(30), fits.ToString()));
        Assert.Equal(fits, Assert.Single(_api.Responses).Body.Length);
    }

    [Theory]
    [InlineData(6 * 1024 * 1024, true)]
    [InlineData(6 * 1024 * 1024 + 1, false)]
    public void TheLimitIsExactlySixMebibytes(int size, bool passes)
    {
        Loop(Buffered((_, _) => Task.FromResult<ReadOnlyMemory<byte>>(new byte[size]))).Invoke(FakeRuntimeApi.Event("r", TimeSpan.FromSeconds(30)));
        Assert.Equal(passes, _api.Responses.Count == 1);
        Assert.Equal(!passes, _api.Errors.Count == 1);
    }

    [Fact]
    public async Task AfterResponseWorkRunsInOrderAfterTheResponseAndBeforeTheNextEvent()
    {
        using var stop = new CancellationTokenSource();
        var loop = Loop(Buffered((_, context) =>
        {
            context.RunAfterResponse(async _ => { await Task.Delay(50); _api.Journal.Enqueue("work1"); });
            context.RunAfterResponse(_ => { _api.Journal.Enqueue("work2"); throw new InvalidOperationException("work2 failed"); });
            context.RunAfterResponse(_ => { _api.Journal.Enqueue("work3"); return Task.CompletedTask; });
            _api.Journal.Enqueue("handler");
            return Bytes("{}");
        }));
        _api.Enqueue(FakeRuntimeApi.Event("r1", TimeSpan.FromSeconds(30)));
        var run = Task.Run(() => loop.Run(stop.Token));
        SpinWait.SpinUntil(() => _api.Journal.Count(e => e == "next") == 2, 5000);
        stop.Cancel();
        await run.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(["next", "handler", "response:r1", "work1", "work2", "work3", "next"], _api.Journal);
        Assert.Contains("LSLIM4008: after-response work item 2 failed: InvalidOperationException: work2 failed", Logs);
    }

    [Fact]
    public void AfterResponseWorkIsBoundedByTheDeadline()
    {
        Invocation invocation = FakeRuntimeApi.Event("r1", TimeSpan.FromMilliseconds(800));
        Loop(Buffered((_, context) =>
        {
            context.RunAfterResponse(_ => { Thread.Sleep(3000); return Task.CompletedTask; });
            context.RunAfterResponse(_ => { _api.Journal.Enqueue("never"); return Task.CompletedTask; });
            return Bytes("{}");
        })).Invoke(invocation);
        Assert.True(DateTimeOffset.UtcNow < invocation.Deadline + TimeSpan.FromMilliseconds(100));
        Assert.DoesNotContain("never", _api.Journal);
        Assert.Contains("did not finish before the deadline", Logs);
    }

    [Fact]
    public void StreamingHandlerWritesAreCompletedWithoutError()
    {
        Loop(FunctionHandler.ForStreaming(async (_, output, _) =>
        {
            await output.WriteAsync("hello "u8.ToArray());
            await output.WriteAsync("world"u8.ToArray());
        })).Invoke(FakeRuntimeApi.Event("s1", TimeSpan.FromSeconds(30)));
        var stream = Assert.Single(_api.Streams);
        Assert.Equal("hello world", Encoding.UTF8.GetString(stream.ToArray()));
        Assert.True(stream.Completed);
        Assert.Null(stream.TrailerError);
        Assert.Empty(_api.Errors);
    }

    [Fact]
    public void StreamingErrorAfterTheFirstByteGoesInTrailers()
    {
        Loop(FunctionHandler.ForStreaming(async (_, output, _) =>
        {
            await output.WriteAsync("partial"u8.ToArray());
            throw new IOException("disk on fire");
        })).Invoke(FakeRuntimeApi.Event("s1", TimeSpan.FromSeconds(30)));
        var stream = Assert.Single(_api.Streams);
        Assert.Equal("IOException", stream.TrailerError!.ErrorType);
        Assert.Empty(_api.Errors);
    }

    [Fact]
    public void StreamingErrorBeforeTheFirstByteIsAnOrdinaryError()
    {
        Loop(FunctionHandler.ForStreaming((_, _, _) => throw new ArgumentException("no"))).Invoke(FakeRuntimeApi.Event("s1", TimeSpan.FromSeconds(30)));
        Assert.False(Assert.Single(_api.Streams).Completed);
        Assert.Equal("ArgumentException", Assert.Single(_api.Errors).Error.ErrorType);
    }

    [Fact]
    public void StreamingHandlerPastTheDeadlineEndsWithTimeoutTrailersAndCannotWriteAfterwards()
    {
        Exception? lateWrite = null;
        using var done = new ManualResetEventSlim();
        Loop(FunctionHandler.ForStreaming(async (_, output, _) =>
        {
            await output.WriteAsync("started"u8.ToArray());
            Thread.Sleep(1200);
            try
            {
                await output.WriteAsync("too late"u8.ToArray());
            }
            catch (Exception ex)
            {
                lateWrite = ex;
            }
            done.Set();
        })).Invoke(FakeRuntimeApi.Event("s1", TimeSpan.FromMilliseconds(700)));
        var stream = Assert.Single(_api.Streams);
        Assert.Equal("LambdaSlim.Timeout", stream.TrailerError!.ErrorType);
        Assert.True(done.Wait(5000));
        Assert.IsType<InvalidOperationException>(lateWrite);
        Assert.Equal("started", Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public void InitFailureIsReportedToInitErrorAndExitsNonZero()
    {
        int exitCode = RuntimeHost.Run(() => _api, () => throw new TypeInitializationException("Function", new InvalidOperationException("no config")),
            new RuntimeOptions(), Function, new LogSink(_logs, false, LogLevel.Info), CancellationToken.None);
        Assert.Equal(RuntimeHost.ExitInitFailed, exitCode);
        Assert.Equal("TypeInitializationException", Assert.Single(_api.InitErrors).ErrorType);
        Assert.Equal(["init-error"], _api.Journal);
        Assert.Contains("LSLIM4006", Logs);
    }

    [Fact]
    public void AsyncInitFailureIsReportedToInitError()
    {
        int exitCode = RuntimeHost.Run(() => _api, async () => { await Task.Yield(); throw new InvalidOperationException("async init"); },
            new RuntimeOptions(), Function, new LogSink(_logs, false, LogLevel.Info), CancellationToken.None);
        Assert.Equal(1, exitCode);
        Assert.Equal("async init", Assert.Single(_api.InitErrors).ErrorMessage);
        Assert.DoesNotContain(_api.InitErrors.Single().StackTrace, line => line.Contains("RuntimeHost.Run"));
    }

    [Fact]
    public async Task StopEndsTheLoopCleanlyWhileWaitingForAnEvent()
    {
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => RuntimeHost.Run(() => _api, () => Task.FromResult(Buffered((_, _) => Bytes("{}"))),
            new RuntimeOptions(), Function, new LogSink(_logs, false, LogLevel.Info), stop.Token));
        SpinWait.SpinUntil(() => _api.Journal.Contains("next"), 5000);
        stop.Cancel();
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(5)));
    }
}
