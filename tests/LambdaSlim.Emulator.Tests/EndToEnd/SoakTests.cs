using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using LambdaSlim.Emulator.Faults;
using LambdaSlim.Emulator.Tests.Support;
using Xunit.Abstractions;

namespace LambdaSlim.Emulator.Tests.EndToEnd;

/// <summary>Many invocations through one process, with and without injected Runtime API faults.</summary>
[Collection(FunctionProcessCollection.Name)]
public sealed class SoakTests(ITestOutputHelper output)
{
    /// <summary>
    /// Faults the runtime client must survive without losing or repeating anything. On /next every kind (the
    /// emulator redelivers). On posts only those that happen after the post was applied (the answer is lost):
    /// a post that was never applied cannot be told apart from one whose answer was lost, and the client rightly
    /// never resends a result that may have arrived (see docs/emulator.md, "Fault injection").
    /// </summary>
    private static readonly FaultPlan Faults = new()
    {
        Seed = 20261123,
        Next = new FaultRates
        {
            DropBeforeProcessing = 0.02, DropAfterProcessing = 0.02, Delay = 0.03, GarbageHead = 0.01, ServerError = 0.02,
            TruncatedAnswer = 0.01,
        },
        Posts = new FaultRates { Delay = 0.03, DropAfterProcessing = 0.01, GarbageHead = 0.01, TruncatedAnswer = 0.01 },
        MaxDelay = TimeSpan.FromMilliseconds(5),
    };

    [Fact]
    public Task Ten_thousand_invocations_with_random_faults_lose_nothing_repeat_nothing_and_never_restart() => SoakAsync(concurrency: 1);

    [Fact]
    public Task Ten_thousand_invocations_at_concurrency_32_with_random_faults_lose_nothing_repeat_nothing_and_never_restart() =>
        SoakAsync(concurrency: 32);

    /// <summary>
    /// 10,000 invocations through one process serving <paramref name="concurrency"/> at once (1: the classic sandbox),
    /// issued by as many callers, under <see cref="Faults"/>.
    /// </summary>
    private async Task SoakAsync(int concurrency)
    {
        const int count = 10_000;
        await using var harness = new EmulatorHarness(faults: Faults, recordEvents: false, maxConcurrency: concurrency);
        var init = await harness.Emulator.InitializeAsync();
        Assert.True(init.Succeeded, init.ErrorDocumentText);

        var clock = Stopwatch.StartNew();
        var failures = new ConcurrentQueue<string>();
        var answered = new ConcurrentDictionary<string, int>();
        var nextSeq = -1;
        async Task InvokeUntilDoneAsync()
        {
            for (var seq = Interlocked.Increment(ref nextSeq); seq < count; seq = Interlocked.Increment(ref nextSeq))
            {
                var result = await harness.InvokeAsync($"{{\"action\":\"echo\",\"seq\":{seq}}}");
                if (result.Status != InvocationStatus.Success)
                {
                    failures.Enqueue($"#{seq}: {result.Status} {result.ErrorDocumentText}");
                    continue;
                }
                var echo = EmulatorHarness.Json(result);
                if (echo.GetProperty("event").GetProperty("seq").GetInt32() != seq || echo.GetProperty("requestId").GetString() != result.RequestId)
                {
                    failures.Enqueue($"#{seq}: answered with another invocation's result: {echo.GetRawText()}");
                }
                answered.AddOrUpdate(result.RequestId, 1, (_, n) => n + 1);
            }
        }
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(InvokeUntilDoneAsync)));
        clock.Stop();

        var counters = harness.Emulator.Counters;
        output.WriteLine($"{TestFunction.Build}, concurrency {concurrency}: {count} invocations in {clock.Elapsed.TotalSeconds:F1} s " +
                         $"({count / clock.Elapsed.TotalSeconds:F0}/s), {counters.FaultsInjected} faults injected, {counters.NextRequests} GET /next, " +
                         $"{counters.Deliveries} deliveries");
        Assert.Empty(failures);                               // nothing lost, nothing mixed up
        Assert.Equal(count, answered.Count);
        Assert.All(answered.Values, n => Assert.Equal(1, n));
        Assert.Equal(count, counters.Responses);
        Assert.Equal(0, counters.DuplicatePostsRejected);     // nothing answered twice
        Assert.Equal(0, counters.GonePostsRejected);
        Assert.Equal(0, counters.UnknownRequestIdPosts);
        Assert.Equal(0, counters.Errors);
        Assert.Equal(1, counters.ProcessStarts);              // no crash, no restart
        Assert.Equal(0, counters.Timeouts);
        Assert.True(counters.FaultsInjected > count / 20, $"only {counters.FaultsInjected} faults injected");
    }

    [Fact]
    public async Task Warm_invokes_round_trip_on_loopback()
    {
        const int warmup = 200, measured = 3000;
        await using var harness = new EmulatorHarness(recordEvents: false);
        var payload = "{\"action\":\"echo\"}"u8.ToArray();
        for (var i = 0; i < warmup; i++)
        {
            await harness.Emulator.InvokeAsync(payload);
        }
        var samples = new double[measured];
        var total = Stopwatch.StartNew();
        for (var i = 0; i < measured; i++)
        {
            var one = Stopwatch.StartNew();
            var result = await harness.Emulator.InvokeAsync(payload);
            samples[i] = one.Elapsed.TotalMilliseconds;
            Assert.Equal(InvocationStatus.Success, result.Status);
        }
        total.Stop();
        Array.Sort(samples);
        var p50 = samples[measured / 2];
        var p99 = samples[(int)(measured * 0.99)];
        output.WriteLine($"warm invoke round trip ({TestFunction.Build} function, in-process API): p50 {p50:F3} ms, p99 {p99:F3} ms, " +
                         $"{measured / total.Elapsed.TotalSeconds:F0} invokes/s");
        Assert.True(p50 < 50, $"p50 {p50:F3} ms: something is serialising on a timer, not on the work");
        Assert.Equal(1, harness.Emulator.Counters.ProcessStarts);
    }

    [Fact]
    public async Task Warm_invokes_round_trip_through_the_http_endpoint()
    {
        const int warmup = 100, measured = 1000;
        await using var harness = new EmulatorHarness(recordEvents: false);
        await using var endpoint = InvokeEndpoint.Start(harness.Emulator);
        using var http = new HttpClient();
        async Task<HttpResponseMessage> InvokeOnce() =>
            await http.PostAsync(endpoint.InvokeUrl, new StringContent("{\"action\":\"echo\"}"));
        for (var i = 0; i < warmup; i++)
        {
            (await InvokeOnce()).Dispose();
        }
        var samples = new double[measured];
        var total = Stopwatch.StartNew();
        for (var i = 0; i < measured; i++)
        {
            var one = Stopwatch.StartNew();
            using var response = await InvokeOnce();
            await response.Content.ReadAsByteArrayAsync();
            samples[i] = one.Elapsed.TotalMilliseconds;
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        }
        total.Stop();
        Array.Sort(samples);
        output.WriteLine($"warm invoke round trip ({TestFunction.Build} function, HTTP invoke endpoint): p50 {samples[measured / 2]:F3} ms, " +
                         $"p99 {samples[(int)(measured * 0.99)]:F3} ms, {measured / total.Elapsed.TotalSeconds:F0} invokes/s");
        Assert.Equal(1, harness.Emulator.Counters.ProcessStarts);
    }
}
