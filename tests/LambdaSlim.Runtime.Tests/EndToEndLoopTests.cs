using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using LambdaSlim.Runtime.Api;
using LambdaSlim.Runtime.Http;
using LambdaSlim.Runtime.Invocations;
using LambdaSlim.Runtime.Logging;

namespace LambdaSlim.Runtime.Tests;

/// <summary>The whole client (host, loop, Runtime API client, HTTP) against a raw loopback Runtime API.</summary>
public sealed class EndToEndLoopTests : IDisposable
{
    private static readonly RuntimeOptions FastRetries = new()
    {
        InitialBackoff = TimeSpan.FromMilliseconds(1), MaxBackoff = TimeSpan.FromMilliseconds(5), PostResponseTimeout = TimeSpan.FromSeconds(5),
    };

    private readonly BlockingCollection<ServerReply> _events = [];
    private readonly CancellationTokenSource _shutdown = new();
    private readonly MemoryStream _logs = new();

    public void Dispose() => _shutdown.Cancel();

    /// <summary>The next queued event; waits for one, and drops the connection once the test is over.</summary>
    private ServerReply NextEvent()
    {
        try
        {
            return _events.Take(_shutdown.Token);
        }
        catch (OperationCanceledException)
        {
            return ServerReply.Drop;
        }
    }

    private static long InSeconds(int seconds) => DateTimeOffset.UtcNow.AddSeconds(seconds).ToUnixTimeMilliseconds();

    /// <summary>
    /// Serves queued events on /next (waiting when there are none) and answers results with <paramref name="post"/>
    /// (202 when it returns null).
    /// </summary>
    private Func<ReceivedRequest, ServerReply> RuntimeApi(Func<ReceivedRequest, ServerReply?>? post = null) => request =>
    {
        if (request.Method == "GET")
        {
            return NextEvent();
        }
        return post?.Invoke(request) ?? ServerReply.Status(202, "{\"status\":\"OK\"}");
    };

    /// <summary>Runs the host until <paramref name="until"/> holds for the server, then stops it like SIGTERM.</summary>
    private async Task<int> RunUntil(LoopbackServer server, FunctionHandler handler, Func<bool> until, RuntimeOptions? options = null)
    {
        using var stop = new CancellationTokenSource();
        options ??= FastRetries;
        var sink = new LogSink(_logs, json: true, LogLevel.Info);
        IRuntimeApiClient Connect() => new RuntimeApiClient(
            new HttpConnection(RuntimeApiEndpoint.TryParse(server.Address)!, options.PostResponseTimeout), options, sink, server.Address);
        Task<int> run = Task.Run(() => RuntimeHost.Run(Connect, () => Task.FromResult(handler), options,
            new FunctionEnvironment("f", "1", 128, "g", "s"), sink, stop.Token));
        Assert.True(SpinWait.SpinUntil(until, TimeSpan.FromSeconds(20)), "the expected requests did not arrive");
        stop.Cancel();
        return await run.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private static FunctionHandler Echo => FunctionHandler.ForBuffered(
        (body, context) => Task.FromResult<ReadOnlyMemory<byte>>(Encoding.UTF8.GetBytes($"{{\"id\":\"{context.AwsRequestId}\",\"event\":{Encoding.UTF8.GetString(body.Span)}}}")),
        "application/json");

    [Fact]
    public async Task AnEventIsAnsweredWithTheInvocationIdEchoedAndTheLoopStopsCleanly()
    {
        using var server = new LoopbackServer(RuntimeApi());
        _events.Add(ServerReply.Event("r1", "{\"n\":1}", InSeconds(30), invocationId: "inv-1"));
        int exit = await RunUntil(server, Echo, () => server.Requests.Any(r => r.Method == "POST"));
        Assert.Equal(0, exit);
        ReceivedRequest post = server.Requests.Single(r => r.Method == "POST");
        Assert.Equal("/2018-06-01/runtime/invocation/r1/response", post.Path);
        Assert.Equal("inv-1", post.Header("Lambda-Runtime-Invocation-Id"));
        Assert.Equal("application/json", post.Header("Content-Type"));
        Assert.Equal("{\"id\":\"r1\",\"event\":{\"n\":1}}", post.BodyText);
    }

    [Fact]
    public async Task AHandlerErrorIsPostedToTheErrorEndpoint()
    {
        using var server = new LoopbackServer(RuntimeApi());
        _events.Add(ServerReply.Event("r1", "{}", InSeconds(30)));
        await RunUntil(server, FunctionHandler.ForBuffered((_, _) => throw new KeyNotFoundException("no such key"), null),
            () => server.Requests.Any(r => r.Method == "POST"));
        ReceivedRequest post = server.Requests.Single(r => r.Method == "POST");
        Assert.Equal("/2018-06-01/runtime/invocation/r1/error", post.Path);
        Assert.Equal("application/vnd.aws.lambda.error+json", post.Header("Content-Type"));
        Assert.Equal("KeyNotFoundException", post.Header("Lambda-Runtime-Function-Error-Type"));
        using JsonDocument body = JsonDocument.Parse(post.Body);
        Assert.Equal("no such key", body.RootElement.GetProperty("errorMessage").GetString());
        Assert.Equal(JsonValueKind.Array, body.RootElement.GetProperty("stackTrace").ValueKind);
        // JSON log format: the error line is one JSON object with the request id.
        string errorLine = Encoding.UTF8.GetString(_logs.ToArray()).Split('\n').First(l => l.Contains("no such key"));
        using JsonDocument log = JsonDocument.Parse(errorLine);
        Assert.Equal("r1", log.RootElement.GetProperty("requestId").GetString());
        Assert.Equal("ERROR", log.RootElement.GetProperty("level").GetString());
    }

    [Fact]
    public async Task AStreamedResponseIsSentChunkedAsTheHandlerWrites()
    {
        using var server = new LoopbackServer(RuntimeApi());
        _events.Add(ServerReply.Event("s1", "{}", InSeconds(30), invocationId: "inv-s"));
        await RunUntil(server, FunctionHandler.ForStreaming(async (_, output, _) =>
        {
            await output.WriteAsync("hello "u8.ToArray());
            await output.FlushAsync();
            await output.WriteAsync(new byte[100_000]);
            await output.WriteAsync("world"u8.ToArray());
        }), () => server.Requests.Any(r => r.Method == "POST"));
        ReceivedRequest post = server.Requests.Single(r => r.Method == "POST");
        Assert.Equal("/2018-06-01/runtime/invocation/s1/response", post.Path);
        Assert.True(post.Chunked);
        Assert.Equal("streaming", post.Header("Lambda-Runtime-Function-Response-Mode"));
        Assert.Equal("Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body", post.Header("Trailer"));
        Assert.Equal("inv-s", post.Header("Lambda-Runtime-Invocation-Id"));
        Assert.Null(post.Header("Content-Length"));
        Assert.Equal(100_011, post.Body.Length);
        Assert.StartsWith("hello ", post.BodyText);
        Assert.EndsWith("world", post.BodyText);
        Assert.Empty(post.Trailers);
    }

    [Fact]
    public async Task AStreamingFailureAfterTheFirstByteIsSentAsErrorTrailers()
    {
        using var server = new LoopbackServer(RuntimeApi());
        _events.Add(ServerReply.Event("s1", "{}", InSeconds(30)));
        await RunUntil(server, FunctionHandler.ForStreaming(async (_, output, _) =>
        {
            await output.WriteAsync("partial"u8.ToArray());
            throw new InvalidDataException("mid-stream failure");
        }), () => server.Requests.Any(r => r.Method == "POST"));
        ReceivedRequest post = server.Requests.Single(r => r.Method == "POST");
        Assert.Equal("partial", post.BodyText);
        Assert.Equal("InvalidDataException", post.Trailers["Lambda-Runtime-Function-Error-Type"]);
        using JsonDocument error = JsonDocument.Parse(Convert.FromBase64String(post.Trailers["Lambda-Runtime-Function-Error-Body"]));
        Assert.Equal("mid-stream failure", error.RootElement.GetProperty("errorMessage").GetString());
        Assert.Equal("InvalidDataException", error.RootElement.GetProperty("errorType").GetString());
    }

    [Fact]
    public async Task AHandlerIgnoringTheTokenIsAnsweredWithATimeoutBeforeTheDeadlineAndTheProcessServesOn()
    {
        long deadline = DateTimeOffset.UtcNow.AddMilliseconds(900).ToUnixTimeMilliseconds();
        var postedAt = new ConcurrentDictionary<string, long>();
        using var server = new LoopbackServer(RuntimeApi(request =>
        {
            postedAt[request.Path] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            return ServerReply.Status(202);
        }));
        _events.Add(ServerReply.Event("slow", "{}", deadline));
        _events.Add(ServerReply.Event("fast", "{}", InSeconds(30)));
        var coldStarts = new ConcurrentQueue<bool>();
        await RunUntil(server, FunctionHandler.ForBuffered((_, context) =>
        {
            coldStarts.Enqueue(context.IsColdStart);
            if (context.AwsRequestId == "slow")
            {
                Thread.Sleep(2500);
            }
            return Task.FromResult<ReadOnlyMemory<byte>>("{}"u8.ToArray());
        }, null), () => server.Requests.Count(r => r.Method == "POST") >= 2);
        Thread.Sleep(2000); // let the abandoned handler finish: its result must not appear
        ReceivedRequest timeout = server.Requests.Single(r => r.Path.Contains("/slow/"));
        Assert.EndsWith("/slow/error", timeout.Path);
        Assert.Equal("LambdaSlim.Timeout", timeout.Header("Lambda-Runtime-Function-Error-Type"));
        Assert.True(postedAt[timeout.Path] < deadline, "the timeout error must arrive before the deadline");
        Assert.Single(server.Requests, r => r.Path.EndsWith("/fast/response"));
        Assert.Equal([true, false], coldStarts);
    }

    /// <summary>
    /// Faults a client can survive without duplicating a result: 500s and drops on /next (the event stays
    /// queued), 500s on a POST (not applied: sent again), drops after a POST was read (applied; re-posting would
    /// duplicate it), keep-alive connections closed after an answer. A POST dropped after it was fully sent but before the server read it cannot be told apart
    /// from the second kind, so it is not in the mix (see docs/runtime-client.md, "Delivery guarantees").
    /// </summary>
    [Fact]
    public async Task UnderRandomConnectionFaultsNoResultIsPostedTwiceAndNoneIsLost()
    {
        const int count = 150;
        var random = new Random(12345);
        var faults = new object();
        var applies = new ConcurrentDictionary<string, int>();
        using var server = new LoopbackServer(request =>
        {
            int roll;
            lock (faults)
            {
                roll = random.Next(100);
            }
            if (request.Method == "GET")
            {
                if (roll < 5)
                {
                    return ServerReply.Status(500, "{}");
                }
                if (roll < 10)
                {
                    return ServerReply.Drop; // before the event is handed out: it stays queued
                }
                return NextEvent();
            }
            if (roll < 5)
            {
                return ServerReply.Status(500, "{}"); // failed, not applied: the client may send it again
            }
            int applied = applies.AddOrUpdate(request.Path, 1, (_, n) => n + 1);
            if (applied > 1)
            {
                return ServerReply.Status(400, "{\"errorType\":\"InvalidStateTransition\"}");
            }
            return roll switch
            {
                < 15 => ServerReply.Drop,                                  // applied, then vanish without an answer
                < 25 => ServerReply.Status(202, "{}", closeAfter: true),  // answer, then close the keep-alive
                _ => ServerReply.Status(202, "{}"),
            };
        });
        for (int i = 0; i < count; i++)
        {
            _events.Add(ServerReply.Event($"r{i}", $"{{\"i\":{i}}}", InSeconds(60)));
        }
        int exit = await RunUntil(server, Echo, () => applies.Count == count);
        Assert.Equal(0, exit);
        Assert.Equal(count, applies.Count);
        Assert.All(applies.Values, n => Assert.Equal(1, n)); // no result applied twice
        Assert.Contains(server.Requests, r => r.Method == "POST" && server.Requests.Count(o => o.Path == r.Path) > 1); // 500s were resent
    }

    [Fact]
    public async Task A410GoneIsLoggedOnceNeverRetriedAndTheLoopServesTheNextEvent()
    {
        using var server = new LoopbackServer(RuntimeApi(request =>
            request.Path.Contains("/stale/") ? ServerReply.Status(410, "{\"errorType\":\"InvocationGone\"}") : null));
        _events.Add(ServerReply.Event("stale", "{}", InSeconds(30), invocationId: "inv-old"));
        _events.Add(ServerReply.Event("fresh", "{}", InSeconds(30), invocationId: "inv-new"));
        await RunUntil(server, Echo, () => server.Requests.Any(r => r.Path.EndsWith("/fresh/response")));
        Assert.Single(server.Requests, r => r.Path.Contains("/stale/"));
        string gone = Assert.Single(Encoding.UTF8.GetString(_logs.ToArray()).Split('\n'), l => l.Contains("LSLIM4021"));
        using JsonDocument line = JsonDocument.Parse(gone);
        Assert.Equal("stale", line.RootElement.GetProperty("requestId").GetString());
        Assert.Equal("WARN", line.RootElement.GetProperty("level").GetString());
    }

    [Fact]
    public async Task WithMaxConcurrencyEachLoopServesAnInvocationAtOnceOnItsOwnConnection()
    {
        const int loops = 4;
        var fetchedOn = new ConcurrentDictionary<string, int>();
        using var server = new LoopbackServer(request =>
        {
            if (request.Method != "GET")
            {
                return ServerReply.Status(202, "{}");
            }
            ServerReply next = NextEvent();
            if (next.Bytes is { } bytes)
            {
                string head = Encoding.UTF8.GetString(bytes);
                int at = head.IndexOf("Request-Id: ", StringComparison.Ordinal) + 12;
                fetchedOn[head[at..head.IndexOf('\r', at)]] = request.Connection;
            }
            return next;
        });
        for (int i = 0; i < loops; i++)
        {
            _events.Add(ServerReply.Event($"c{i}", "{}", InSeconds(30)));
        }
        using var allIn = new CountdownEvent(loops);
        var contexts = new ConcurrentBag<(string RequestId, int MaxConcurrency, bool ColdStart)>();
        var handler = FunctionHandler.ForBuffered((_, context) =>
        {
            contexts.Add((context.AwsRequestId, context.MaxConcurrency, context.IsColdStart));
            allIn.Signal();
            // Returns only once every invocation is in a handler at the same time.
            bool together = allIn.Wait(TimeSpan.FromSeconds(10));
            return Task.FromResult<ReadOnlyMemory<byte>>(Encoding.UTF8.GetBytes($"{{\"together\":{(together ? "true" : "false")}}}"));
        }, null);
        int exit = await RunUntil(server, handler, () => server.Requests.Count(r => r.Method == "POST") == loops,
            FastRetries with { MaxConcurrency = loops });

        Assert.Equal(0, exit);
        var posts = server.Requests.Where(r => r.Method == "POST").ToList();
        Assert.All(posts, post => Assert.Equal("{\"together\":true}", post.BodyText));
        Assert.Equal(loops, fetchedOn.Values.Distinct().Count()); // one connection per loop
        Assert.All(posts, post => Assert.Equal(fetchedOn[post.Path.Split('/')[^2]], post.Connection)); // answered where fetched
        Assert.All(contexts, c => Assert.Equal(loops, c.MaxConcurrency));
        Assert.Single(contexts, c => c.ColdStart);
    }

    [Fact]
    public async Task AFailingTimedOutOrOversizedInvocationDoesNotDisturbTheOthersServedAtTheSameTime()
    {
        long soon = DateTimeOffset.UtcNow.AddMilliseconds(1500).ToUnixTimeMilliseconds();
        using var server = new LoopbackServer(RuntimeApi());
        foreach (string id in new[] { "ok-1", "throws", "hangs", "too-big", "ok-2" })
        {
            _events.Add(ServerReply.Event(id, "{}", id == "hangs" ? soon : InSeconds(30)));
        }
        using var started = new CountdownEvent(5);
        var handler = FunctionHandler.ForBuffered((_, context) =>
        {
            started.Signal();
            started.Wait(TimeSpan.FromSeconds(10));
            switch (context.AwsRequestId)
            {
                case "throws":
                    throw new InvalidOperationException("only this one fails");
                case "hangs":
                    Thread.Sleep(3000); // ignores its token and blocks its thread past the deadline
                    break;
                case "too-big":
                    return Task.FromResult<ReadOnlyMemory<byte>>(new byte[2000]);
            }
            return Task.FromResult<ReadOnlyMemory<byte>>(Encoding.UTF8.GetBytes($"{{\"id\":\"{context.AwsRequestId}\"}}"));
        }, null);
        int exit = await RunUntil(server, handler, () => server.Requests.Count(r => r.Method == "POST") == 5,
            FastRetries with { MaxConcurrency = 5, MaxResponseBytes = 1000 });

        Assert.Equal(0, exit);
        ReceivedRequest Post(string id) => Assert.Single(server.Requests, r => r.Path.Contains($"/{id}/"));
        Assert.EndsWith("/ok-1/response", Post("ok-1").Path);
        Assert.Equal("{\"id\":\"ok-1\"}", Post("ok-1").BodyText);
        Assert.EndsWith("/ok-2/response", Post("ok-2").Path);
        Assert.Equal("InvalidOperationException", Post("throws").Header("Lambda-Runtime-Function-Error-Type"));
        Assert.Equal("LambdaSlim.Timeout", Post("hangs").Header("Lambda-Runtime-Function-Error-Type"));
        Assert.Equal("LambdaSlim.ResponseSizeTooLarge", Post("too-big").Header("Lambda-Runtime-Function-Error-Type"));
    }

    [Fact]
    public async Task WithMaxConcurrencyAfterResponseWorkRunsAfterItsOwnResponseWhileAnotherInvocationStillRuns()
    {
        using var server = new LoopbackServer(RuntimeApi());
        _events.Add(ServerReply.Event("a", "{}", InSeconds(30)));
        _events.Add(ServerReply.Event("b", "{}", InSeconds(30)));
        using var afterA = new ManualResetEventSlim();
        bool aAnsweredBeforeItsWork = false, bSawAsWork = false;
        var handler = FunctionHandler.ForBuffered((_, context) =>
        {
            if (context.AwsRequestId == "a")
            {
                context.RunAfterResponse(_ =>
                {
                    aAnsweredBeforeItsWork = server.Requests.Any(r => r.Path.EndsWith("/a/response"));
                    afterA.Set();
                    return Task.CompletedTask;
                });
            }
            else
            {
                // b answers only once a's after-response work has run: work held back until every invocation in
                // flight had answered would never run, and b would give up.
                bSawAsWork = afterA.Wait(TimeSpan.FromSeconds(10));
            }
            return Task.FromResult<ReadOnlyMemory<byte>>("{}"u8.ToArray());
        }, null);
        await RunUntil(server, handler, () => server.Requests.Count(r => r.Method == "POST") == 2, FastRetries with { MaxConcurrency = 2 });
        Assert.True(aAnsweredBeforeItsWork);
        Assert.True(bSawAsWork);
    }

    [Fact]
    public void WithMaxConcurrencyAnUnreachableRuntimeApiEndsEveryLoopWithExitCode2()
    {
        int port = LambdaSlim.Tests.Shared.LoopbackPort.Free(); // refused
        var sink = new LogSink(_logs, json: false, LogLevel.Info);
        RuntimeOptions options = FastRetries with { MaxConcurrency = 3 };
        IRuntimeApiClient Connect() => new RuntimeApiClient(
            new HttpConnection(RuntimeApiEndpoint.TryParse($"127.0.0.1:{port}")!, options.PostResponseTimeout), options, sink, $"127.0.0.1:{port}");
        int exit = RuntimeHost.Run(Connect, () => Task.FromResult(Echo), options, new FunctionEnvironment("f", "1", 128, "g", "s"), sink,
            CancellationToken.None);
        Assert.Equal(RuntimeHost.ExitRuntimeApiUnreachable, exit);
        Assert.Single(Encoding.UTF8.GetString(_logs.ToArray()).Split('\n'), l => l.Contains("LSLIM4003"));
    }

    /// <summary>
    /// The host-facing entry point as an ASP.NET Core server would drive it: the raw handler on a thread of the host's,
    /// called concurrently when AWS_LAMBDA_MAX_CONCURRENCY says so, stopped by the host's token. (The entry point reads
    /// the process environment, so the variables are set for the duration; the assembly's tests run one at a time.)
    /// </summary>
    [Fact]
    public async Task AHostDrivesTheRawEntryPointConcurrentlyAndStopsItWithItsToken()
    {
        using var server = new LoopbackServer(RuntimeApi());
        for (int i = 0; i < 3; i++)
        {
            _events.Add(ServerReply.Event($"h{i}", "{}", InSeconds(30)));
        }
        await WithEnvironmentAsync(new() { ["AWS_LAMBDA_RUNTIME_API"] = server.Address, ["AWS_LAMBDA_MAX_CONCURRENCY"] = "3" }, async () =>
        {
            Assert.Equal(3, LambdaRuntime.MaxConcurrency);
            using var stopping = new CancellationTokenSource();
            using var allIn = new CountdownEvent(3);
            Task runtime = Task.Factory.StartNew(() => LambdaRuntime.RunAsync((body, context) =>
            {
                allIn.Signal();
                bool together = allIn.Wait(TimeSpan.FromSeconds(10));
                return Task.FromResult<ReadOnlyMemory<byte>>(Encoding.UTF8.GetBytes($"{{\"together\":{(together ? "true" : "false")}}}"));
            }, stopping.Token), TaskCreationOptions.LongRunning).Unwrap();

            Assert.True(SpinWait.SpinUntil(() => server.Requests.Count(r => r.Method == "POST") == 3, TimeSpan.FromSeconds(20)));
            stopping.Cancel();
            await runtime.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.All(server.Requests.Where(r => r.Method == "POST"), post => Assert.Equal("{\"together\":true}", post.BodyText));
        });
    }

    [Fact]
    public async Task TheRawStreamingEntryPointStreamsTheHandlersWrites()
    {
        using var server = new LoopbackServer(RuntimeApi());
        _events.Add(ServerReply.Event("s1", "{\"n\":7}", InSeconds(30)));
        await WithEnvironmentAsync(new() { ["AWS_LAMBDA_RUNTIME_API"] = server.Address }, async () =>
        {
            using var stopping = new CancellationTokenSource();
            Task runtime = Task.Factory.StartNew(() => LambdaRuntime.RunStreamingAsync(async (body, output, _) =>
            {
                await output.WriteAsync("echo "u8.ToArray());
                await output.WriteAsync(body);
            }, stopping.Token), TaskCreationOptions.LongRunning).Unwrap();

            Assert.True(SpinWait.SpinUntil(() => server.Requests.Any(r => r.Method == "POST"), TimeSpan.FromSeconds(20)));
            stopping.Cancel();
            await runtime.WaitAsync(TimeSpan.FromSeconds(10));
            ReceivedRequest post = server.Requests.Single(r => r.Method == "POST");
            Assert.True(post.Chunked);
            Assert.Equal("streaming", post.Header("Lambda-Runtime-Function-Response-Mode"));
            Assert.Equal("application/octet-stream", post.Header("Content-Type"));
            Assert.Equal("echo {\"n\":7}", post.BodyText);
        });
    }

    [Fact]
    public async Task TheRawStreamingEntryPointDeclaresTheHostsContentType()
    {
        using var server = new LoopbackServer(RuntimeApi());
        _events.Add(ServerReply.Event("s1", "{}", InSeconds(30)));
        await WithEnvironmentAsync(new() { ["AWS_LAMBDA_RUNTIME_API"] = server.Address }, async () =>
        {
            using var stopping = new CancellationTokenSource();
            Task runtime = Task.Factory.StartNew(() => LambdaRuntime.RunStreamingAsync(
                (_, output, _) => output.WriteAsync("{\"statusCode\":200}\0\0\0\0\0\0\0\0body"u8.ToArray()).AsTask(),
                "application/vnd.awslambda.http-integration-response", stopping.Token), TaskCreationOptions.LongRunning).Unwrap();

            Assert.True(SpinWait.SpinUntil(() => server.Requests.Any(r => r.Method == "POST"), TimeSpan.FromSeconds(20)));
            stopping.Cancel();
            await runtime.WaitAsync(TimeSpan.FromSeconds(10));
            ReceivedRequest post = server.Requests.Single(r => r.Method == "POST");
            Assert.Equal("application/vnd.awslambda.http-integration-response", post.Header("Content-Type"));
            Assert.Equal("{\"statusCode\":200}\0\0\0\0\0\0\0\0body", post.BodyText);
        });
    }

    /// <summary>
    /// Runs <paramref name="test"/> with the process environment the entry points read (the GC heap limit kept off,
    /// so the test host's own GC is never limited), and restores it afterwards.
    /// </summary>
    private static async Task WithEnvironmentAsync(Dictionary<string, string> variables, Func<Task> test)
    {
        variables["LAMBDASLIM_DISABLE_GC_HEAP_LIMIT"] = "true";
        var saved = variables.Keys.ToDictionary(name => name, Environment.GetEnvironmentVariable);
        foreach (var (name, value) in variables)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
        try
        {
            await test();
        }
        finally
        {
            foreach (var (name, value) in saved)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }
}
