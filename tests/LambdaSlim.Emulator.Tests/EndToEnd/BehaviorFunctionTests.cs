using System.Text.Json;
using LambdaSlim.Emulator.Tests.Support;

namespace LambdaSlim.Emulator.Tests.EndToEnd;

/// <summary>The behaviours function (LambdaSlim.Runtime client, JIT) run through the emulator, one behaviour per test.</summary>
[Collection(FunctionProcessCollection.Name)]
public sealed class BehaviorFunctionTests
{
    private const int MiB = 1024 * 1024;

    [Fact]
    public async Task Echo_sees_the_event_and_Lambdas_context_and_only_the_first_invoke_is_cold()
    {
        await using var harness = new EmulatorHarness();
        var first = await harness.InvokeAsync("{\"action\":\"echo\",\"extra\":[1,2]}");
        var second = await harness.InvokeAsync("{\"action\":\"echo\"}");

        Assert.Equal(InvocationStatus.Success, first.Status);
        var echo = EmulatorHarness.Json(first);
        Assert.Equal("echo", echo.GetProperty("event").GetProperty("action").GetString());
        Assert.Equal("[1,2]", echo.GetProperty("event").GetProperty("extra").GetRawText());
        Assert.Equal(first.RequestId, echo.GetProperty("requestId").GetString());
        Assert.Equal("behaviors", echo.GetProperty("functionName").GetString());
        Assert.Equal("$LATEST", echo.GetProperty("functionVersion").GetString());
        Assert.Equal(harness.Emulator.FunctionArn, echo.GetProperty("invokedFunctionArn").GetString());
        Assert.Equal(256, echo.GetProperty("memoryLimitInMB").GetInt32());
        Assert.Equal("/aws/lambda/behaviors", echo.GetProperty("logGroupName").GetString());
        Assert.Matches(@"^\d{4}/\d{2}/\d{2}/\[\$LATEST\][0-9a-f]{32}$", echo.GetProperty("logStreamName").GetString());
        Assert.Equal("us-east-1", echo.GetProperty("region").GetString());
        Assert.Equal(TestFunction.TaskRoot, echo.GetProperty("taskRoot").GetString());
        Assert.StartsWith("Root=1-", echo.GetProperty("traceId").GetString());
        Assert.Equal(echo.GetProperty("traceId").GetString(), echo.GetProperty("traceEnvironment").GetString());
        Assert.InRange(echo.GetProperty("remainingTimeMs").GetInt64(), 20_000, 30_000);
        Assert.True(echo.GetProperty("isColdStart").GetBoolean());
        Assert.True(first.IsColdStart);
        Assert.NotNull(first.InitDuration);

        var again = EmulatorHarness.Json(second);
        Assert.False(again.GetProperty("isColdStart").GetBoolean());
        Assert.False(second.IsColdStart);
        Assert.Null(second.InitDuration);
        Assert.Equal(echo.GetProperty("processId").GetInt32(), again.GetProperty("processId").GetInt32());
        Assert.Equal(1, harness.Emulator.Counters.ProcessStarts);
    }

    [Fact]
    public async Task Proactive_init_shows_as_time_since_init_on_the_first_invoke()
    {
        await using var harness = new EmulatorHarness();
        var init = await harness.Emulator.InitializeAsync();
        Assert.True(init.Succeeded);
        await Task.Delay(600);
        var result = await harness.InvokeAsync("{\"action\":\"context\"}");

        var echo = EmulatorHarness.Json(result);
        Assert.True(echo.GetProperty("isColdStart").GetBoolean());
        Assert.True(echo.GetProperty("sinceInitMs").GetInt64() >= 600, echo.GetRawText());
        Assert.Null(result.InitDuration); // init was not part of this invoke
    }

    [Fact]
    public async Task A_handler_exception_comes_back_with_its_type_message_and_stack_and_the_process_lives_on()
    {
        await using var harness = new EmulatorHarness();
        var result = await harness.InvokeAsync("{\"action\":\"throw\",\"message\":\"broken on purpose\"}");

        Assert.Equal(InvocationStatus.FunctionError, result.Status);
        Assert.Contains("BehaviorTestException", result.ErrorType);
        var error = EmulatorHarness.ErrorJson(result);
        Assert.Equal("broken on purpose", error.GetProperty("errorMessage").GetString());
        Assert.Contains("BehaviorTestException", error.GetProperty("errorType").GetString());
        var stack = error.GetProperty("stackTrace").EnumerateArray().Select(f => f.GetString()).ToList();
        Assert.Contains(stack, frame => frame!.Contains("Fail"));

        Assert.Equal(InvocationStatus.Success, (await harness.InvokeAsync("{\"action\":\"echo\"}")).Status);
        Assert.Equal(1, harness.Emulator.Counters.ProcessStarts);
    }

    [Fact]
    public async Task An_init_exception_is_an_init_error_and_init_is_retried_by_the_next_invoke()
    {
        await using var harness = new EmulatorHarness(environment: new Dictionary<string, string> { ["LAMBDASLIM_TEST_INIT_FAIL"] = "1" });
        var result = await harness.InvokeAsync("{\"action\":\"echo\"}");

        Assert.Equal(InvocationStatus.InitError, result.Status);
        Assert.Contains("InvalidOperationException", result.ErrorType);
        Assert.Contains("LAMBDASLIM_TEST_INIT_FAIL", EmulatorHarness.ErrorJson(result).GetProperty("errorMessage").GetString());
        Assert.Equal(1, harness.Emulator.Counters.InitErrors);

        var again = await harness.InvokeAsync("{\"action\":\"echo\"}");
        Assert.Equal(InvocationStatus.InitError, again.Status);
        Assert.Equal(2, harness.Emulator.Counters.ProcessStarts);
    }

    [Fact]
    public async Task A_handler_honouring_the_token_answers_before_the_deadline_and_the_process_survives()
    {
        await using var harness = new EmulatorHarness(timeout: TimeSpan.FromSeconds(2));
        await harness.Emulator.InitializeAsync();
        var result = await harness.InvokeAsync("{\"action\":\"sleep\",\"ms\":20000}");

        Assert.Equal(InvocationStatus.Success, result.Status);
        var answer = EmulatorHarness.Json(result);
        Assert.False(answer.GetProperty("completed").GetBoolean());
        Assert.InRange(answer.GetProperty("sleptMs").GetInt64(), 1000, 1900); // token fired ~500 ms before the deadline
        Assert.True(result.Duration < TimeSpan.FromSeconds(2));

        var next = EmulatorHarness.Json(await harness.InvokeAsync("{\"action\":\"echo\"}"));
        Assert.False(next.GetProperty("isColdStart").GetBoolean());
        var counters = harness.Emulator.Counters;
        Assert.Equal(1, counters.ProcessStarts);
        Assert.Equal(0, counters.Timeouts);
        Assert.Equal(0, counters.ProcessKills);
    }

    [Fact]
    public async Task A_handler_ignoring_the_token_is_answered_by_the_clients_own_timeout_and_the_process_survives()
    {
        await using var harness = new EmulatorHarness(timeout: TimeSpan.FromSeconds(2));
        await harness.Emulator.InitializeAsync();
        var result = await harness.InvokeAsync("{\"action\":\"ignore-token\",\"ms\":6000}");

        Assert.Equal(InvocationStatus.FunctionError, result.Status);
        Assert.Contains("Timeout", result.ErrorType);
        Assert.True(result.Duration < TimeSpan.FromSeconds(2), $"answered after {result.Duration}");

        var next = await harness.InvokeAsync("{\"action\":\"echo\"}");
        Assert.Equal(InvocationStatus.Success, next.Status);
        Assert.False(EmulatorHarness.Json(next).GetProperty("isColdStart").GetBoolean());
        var counters = harness.Emulator.Counters;
        Assert.Equal(1, counters.ProcessStarts);
        Assert.Equal(0, counters.Timeouts);
        Assert.Equal(0, counters.DuplicatePostsRejected); // the abandoned handler's late result was never posted
    }

    [Fact]
    public async Task A_frozen_process_is_timed_out_killed_and_replaced_by_the_emulator()
    {
        await using var harness = new EmulatorHarness(timeout: TimeSpan.FromSeconds(2));
        var result = await harness.InvokeAsync("{\"action\":\"freeze\"}");

        Assert.Equal(InvocationStatus.Timeout, result.Status);
        Assert.Equal("Sandbox.Timedout", result.ErrorType);
        Assert.Equal($"RequestId: {result.RequestId} Error: Task timed out after 2.00 seconds",
            EmulatorHarness.ErrorJson(result).GetProperty("errorMessage").GetString());

        var next = await harness.InvokeAsync("{\"action\":\"echo\"}");
        Assert.Equal(InvocationStatus.Success, next.Status);
        Assert.True(next.IsColdStart);
        Assert.True(EmulatorHarness.Json(next).GetProperty("isColdStart").GetBoolean());
        var counters = harness.Emulator.Counters;
        Assert.Equal(2, counters.ProcessStarts);
        Assert.Equal(1, counters.ProcessKills);
        Assert.Equal(1, counters.Timeouts);
    }

    [Fact]
    public async Task A_process_exiting_mid_invoke_is_a_runtime_exit_error_and_the_next_invoke_restarts_it()
    {
        await using var harness = new EmulatorHarness();
        var result = await harness.InvokeAsync("{\"action\":\"exit\",\"code\":3}");

        Assert.Equal(InvocationStatus.ProcessExited, result.Status);
        Assert.Equal("Runtime.ExitError", result.ErrorType);
        Assert.EndsWith("Runtime exited with error: exit status 3",
            EmulatorHarness.ErrorJson(result).GetProperty("errorMessage").GetString());

        var next = await harness.InvokeAsync("{\"action\":\"echo\"}");
        Assert.True(next.IsColdStart);
        Assert.Equal(2, harness.Emulator.Counters.ProcessStarts);
    }

    [Fact]
    public async Task A_5_9_MiB_response_passes_a_6_1_MiB_one_is_reported_too_large_and_the_next_invoke_works()
    {
        await using var harness = new EmulatorHarness();
        var fits = (int)(5.9 * MiB);
        var ok = await harness.InvokeAsync($"{{\"action\":\"big\",\"bytes\":{fits}}}");
        Assert.Equal(InvocationStatus.Success, ok.Status);
        Assert.Equal(fits, ok.Payload.Length);

        var tooBig = await harness.InvokeAsync($"{{\"action\":\"big\",\"bytes\":{(int)(6.1 * MiB)}}}");
        Assert.Equal(InvocationStatus.FunctionError, tooBig.Status);
        Assert.Contains("SizeTooLarge", tooBig.ErrorType);

        var next = await harness.InvokeAsync("{\"action\":\"echo\"}");
        Assert.Equal(InvocationStatus.Success, next.Status);
        Assert.Equal(1, harness.Emulator.Counters.ProcessStarts);
    }

    [Fact]
    public async Task After_response_work_runs_after_the_response_and_before_the_next_invoke()
    {
        var marker = Path.Combine(Path.GetTempPath(), $"lslim-after-{Guid.NewGuid():N}");
        try
        {
            await using var harness = new EmulatorHarness();
            var first = await harness.InvokeAsync(JsonSerializer.Serialize(new { action = "after-response", ms = 300, file = marker }));
            Assert.Equal(InvocationStatus.Success, first.Status);
            var answeredAt = DateTimeOffset.UtcNow;
            Assert.False(File.Exists(marker)); // still sleeping: the response did not wait for the work
            var second = await harness.InvokeAsync("{\"action\":\"echo\"}");
            Assert.Equal(InvocationStatus.Success, second.Status);

            var writtenAt = new DateTimeOffset(long.Parse(await File.ReadAllTextAsync(marker)), TimeSpan.Zero);
            var responseAccepted = harness.Events.Single(e => e.Kind == EmulatorEventKind.ResponseAccepted && e.RequestId == first.RequestId).Time;
            var secondDelivered = harness.Events.Single(e => e.Kind == EmulatorEventKind.InvocationDelivered && e.RequestId == second.RequestId).Time;
            Assert.True(responseAccepted < writtenAt, $"work at {writtenAt:O} before the response at {responseAccepted:O}");
            Assert.True(writtenAt < secondDelivered, $"work at {writtenAt:O} after the next delivery at {secondDelivered:O}");
            Assert.True(answeredAt < writtenAt);
            Assert.Contains(harness.Output, l => l.Text.Contains($"after-response marker {first.RequestId}"));
        }
        finally
        {
            File.Delete(marker);
        }
    }

    [Fact]
    public async Task JSON_log_format_writes_one_object_per_line_with_level_and_request_id()
    {
        await using var harness = new EmulatorHarness(environment: new Dictionary<string, string>
        {
            ["AWS_LAMBDA_LOG_FORMAT"] = "JSON",
            ["AWS_LAMBDA_LOG_LEVEL"] = "DEBUG",
        });
        var result = await harness.InvokeAsync("{\"action\":\"log\"}");
        Assert.Equal(InvocationStatus.Success, result.Status);
        await harness.Emulator.DisposeAsync(); // flushes the process's output

        var logs = harness.Output.Select(l => l.Text)
            .Where(t => t.StartsWith('{') && t.Contains("behaviour log:"))
            .Select(t => JsonDocument.Parse(t).RootElement)
            .ToList();
        Assert.Equal(4, logs.Count);
        Assert.All(logs, l => Assert.Equal(result.RequestId, l.GetProperty("requestId").GetString()));
        Assert.All(logs, l => Assert.True(l.TryGetProperty("timestamp", out _)));
        var levels = logs.Select(l => l.GetProperty("level").GetString()!.ToUpperInvariant()).ToList();
        Assert.Equal(["DEBUG", "INFO", "WARN", "ERROR"], levels);
        Assert.Contains(harness.Output, l => l.Text == "behaviour log: plain stdout line");
    }
}
