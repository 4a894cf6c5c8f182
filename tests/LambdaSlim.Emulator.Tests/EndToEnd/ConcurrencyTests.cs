using System.Text.Json;
using LambdaSlim.Emulator.Tests.Support;

namespace LambdaSlim.Emulator.Tests.EndToEnd;

/// <summary>
/// Lambda Managed Instances through the emulator with the real function process: AWS_LAMBDA_MAX_CONCURRENCY loops
/// serving invocations at once, each invocation's state (ids, logs, deadline) its own.
/// </summary>
[Collection(FunctionProcessCollection.Name)]
public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Eight_invocations_at_once_are_answered_each_with_its_own_ids_and_log_lines_while_one_throws_and_one_times_out()
    {
        await using var harness = new EmulatorHarness(timeout: TimeSpan.FromSeconds(5), maxConcurrency: 8,
            environment: new Dictionary<string, string> { ["AWS_LAMBDA_LOG_FORMAT"] = "JSON" });
        Assert.True((await harness.Emulator.InitializeAsync()).Succeeded);

        var events = Enumerable.Range(0, 6).Select(i => "{\"action\":\"wait\",\"ms\":2000}")
            .Append("{\"action\":\"throw\",\"message\":\"only this one fails\"}")
            .Append("{\"action\":\"ignore-token\",\"ms\":30000}")
            .ToList();
        var invokes = events.Select((json, i) => harness.InvokeAsync(json, new InvokeOptions
        {
            TraceId = $"Root=1-00000000-{i:D24};Parent=0000000000000000;Sampled=0",
            TenantId = $"tenant-{i}",
        })).ToList();
        var results = await Task.WhenAll(invokes);

        var waits = results[..6];
        foreach (var (result, i) in waits.Select((r, i) => (r, i)))
        {
            Assert.Equal(InvocationStatus.Success, result.Status);
            var seen = EmulatorHarness.Json(result);
            Assert.True(seen.GetProperty("completed").GetBoolean());
            Assert.Equal(result.RequestId, seen.GetProperty("requestId").GetString());
            Assert.Equal($"Root=1-00000000-{i:D24};Parent=0000000000000000;Sampled=0", seen.GetProperty("traceId").GetString());
            Assert.Equal(JsonValueKind.Null, seen.GetProperty("traceEnvironment").ValueKind); // process-wide: not set with concurrency
            Assert.Equal(8, seen.GetProperty("maxConcurrency").GetInt32());
        }
        Assert.Equal(InvocationStatus.FunctionError, results[6].Status);
        Assert.Equal("BehaviorTestException", results[6].ErrorType);
        Assert.Equal(InvocationStatus.FunctionError, results[7].Status);
        Assert.Equal("LambdaSlim.Timeout", results[7].ErrorType); // the client's own answer, before the emulator's deadline

        // Every log line of an invocation carries its own request and tenant ids (JSON lines).
        var lines = harness.Output.Select(l => l.Text).Where(t => t.StartsWith('{')).Select(t => JsonDocument.Parse(t).RootElement).ToList();
        foreach (var (result, i) in waits.Select((r, i) => (r, i)))
        {
            var own = lines.Where(l => l.TryGetProperty("requestId", out var id) && id.GetString() == result.RequestId).ToList();
            Assert.Equal(["wait begins: 2000 ms", "wait ends"], own.Select(l => l.GetProperty("message").GetString()));
            Assert.All(own, l => Assert.Equal($"tenant-{i}", l.GetProperty("tenantId").GetString()));
        }
        // They ran at once: every invocation began before any ended.
        var messages = lines.Select(l => l.GetProperty("message").GetString()).ToList();
        Assert.True(messages.FindLastIndex(m => m!.StartsWith("wait begins")) < messages.FindIndex(m => m == "wait ends"), string.Join("\n", messages));
        // The timeout's own line is written after its error was posted: it may still be on its way.
        Assert.True(SpinWait.SpinUntil(() => harness.Output.Any(l => l.Text.StartsWith('{')
            && JsonDocument.Parse(l.Text).RootElement is var line
            && line.TryGetProperty("requestId", out var id) && id.GetString() == results[7].RequestId
            && line.GetProperty("message").GetString()!.StartsWith("LSLIM4005")), TimeSpan.FromSeconds(10)));

        // The same process serves on, warm.
        var after = await harness.InvokeAsync("{\"action\":\"wait\",\"ms\":0}");
        Assert.Equal(InvocationStatus.Success, after.Status);
        Assert.False(EmulatorHarness.Json(after).GetProperty("isColdStart").GetBoolean());
        Assert.Equal(1, harness.Emulator.Counters.ProcessStarts);
        Assert.Equal(0, harness.Emulator.Counters.Timeouts);
        Assert.Single(waits.Concat(results[6..]).Append(after), r => r.IsColdStart);
    }

    [Fact]
    public async Task A_late_answer_for_an_invocation_its_caller_gave_up_on_is_refused_410_Gone_logged_once_and_the_process_serves_on()
    {
        await using var harness = new EmulatorHarness(maxConcurrency: 2);
        Assert.True((await harness.Emulator.InitializeAsync()).Succeeded);
        using var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            harness.Emulator.InvokeAsync("{\"action\":\"wait\",\"ms\":1500}"u8.ToArray(), ct: giveUp.Token));

        Assert.True(SpinWait.SpinUntil(() => harness.Emulator.Counters.GonePostsRejected == 1, TimeSpan.FromSeconds(20)));
        var served = await harness.InvokeAsync("{\"action\":\"echo\"}");
        Assert.Equal(InvocationStatus.Success, served.Status);
        Assert.Single(harness.Output, l => l.Text.Contains("LSLIM4021") && l.Text.Contains("status 410"));
        Assert.Equal(1, harness.Emulator.Counters.ProcessStarts);
        Assert.Equal(0, harness.Emulator.Counters.ProcessKills);
    }
}
