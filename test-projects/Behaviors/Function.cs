// The behaviours test function: one Lambda function whose behaviour is chosen by the event, used by the emulator
// and runtime tests (JIT, through tests/TestFunctions) and by the SDK's integration tests (AOT, through the packed
// SDK). Self-contained on purpose: this one file is compiled by both. Everything is AOT- and trim-safe
// (source-generated JSON, no reflection).
//
// Event: {"action": "...", ...}
//   echo | context      the event plus what the function sees (context fields, environment)
//   throw               throws BehaviorTestException("message") from a nested call (type, message, stack)
//   sleep  ms           waits ms, stopping early (and answering normally) when the context token fires
//   wait  ms            like sleep, logging a line through the context's logger before and after, and answering
//                       with what this invocation saw (request and trace ids, concurrency): for concurrency tests
//   ignore-token  ms    waits ms ignoring the token (the runtime client must report the timeout itself)
//   freeze              stops its own process (SIGSTOP): nothing in it can answer, only the emulator's kill helps
//   exit  code          exits the process mid-invoke
//   big  bytes          answers a JSON string that is exactly `bytes` bytes long
//   after-response  ms file   registers work that runs after the response: waits ms, prints a marker line
//                             and writes the UTC ticks to `file` when given
//   log                 logs once at every level, and one plain stdout line
//   memory              what the GC sees: TotalAvailableMemoryBytes and the GCHeapHardLimit setting
//   stream  chunks ms   (streaming mode) writes `chunks` lines, ms apart
//   stream-error        (streaming mode) writes some bytes, then throws
// Environment: LAMBDASLIM_TEST_MODE=stream selects the streaming entry point;
//              LAMBDASLIM_TEST_INIT_FAIL=1 makes initialisation throw.
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using LambdaSlim.Runtime;

namespace LambdaSlim.TestFunctions.Behaviors;

public static class Program
{
    public static Task Main() =>
        Environment.GetEnvironmentVariable("LAMBDASLIM_TEST_MODE") == "stream"
            ? LambdaRuntime.RunStreamingAsync(InitializeStreaming, BehaviorJsonContext.Default.BehaviorEvent)
            : LambdaRuntime.RunAsync(InitializeBuffered, BehaviorJsonContext.Default.BehaviorEvent, BehaviorJsonContext.Default.JsonNode);

    private static Task<Func<BehaviorEvent, ILambdaContext, Task<JsonNode>>> InitializeBuffered()
    {
        FailInitWhenAsked();
        return Task.FromResult<Func<BehaviorEvent, ILambdaContext, Task<JsonNode>>>(HandleAsync);
    }

    private static Task<Func<BehaviorEvent, Stream, ILambdaContext, Task>> InitializeStreaming()
    {
        FailInitWhenAsked();
        return Task.FromResult<Func<BehaviorEvent, Stream, ILambdaContext, Task>>(HandleStreamingAsync);
    }

    private static void FailInitWhenAsked()
    {
        if (Environment.GetEnvironmentVariable("LAMBDASLIM_TEST_INIT_FAIL") == "1")
        {
            throw new InvalidOperationException("Initialisation failed on purpose (LAMBDASLIM_TEST_INIT_FAIL=1).");
        }
    }

    public static async Task<JsonNode> HandleAsync(BehaviorEvent evt, ILambdaContext context)
    {
        switch (evt.Action)
        {
            case "echo" or "context" or null:
                return Echo(evt, context);
            case "throw":
                Fail(evt.Message ?? "thrown on purpose");
                break;
            case "sleep":
                return await SleepAsync(evt.Ms, context.CancellationToken);
            case "wait":
                return await WaitAsync(evt.Ms, context);
            case "ignore-token":
                await Task.Delay(evt.Ms);
                return new JsonObject { ["action"] = "ignore-token", ["completed"] = true };
            case "freeze":
                Freeze();
                break;
            case "exit":
                Environment.Exit(evt.Code);
                break;
            case "big":
                // A JSON string: two quotes around bytes-2 ASCII letters, so the response is exactly `bytes` long.
                return JsonValue.Create(new string('x', Math.Max(0, evt.Bytes - 2)));
            case "after-response":
                RegisterAfterResponse(evt, context);
                return new JsonObject { ["action"] = "after-response", ["requestId"] = context.AwsRequestId };
            case "log":
                context.Logger.LogDebug("behaviour log: debug");
                context.Logger.LogInformation("behaviour log: information");
                context.Logger.LogWarning("behaviour log: warning");
                context.Logger.LogError("behaviour log: error");
                Console.WriteLine("behaviour log: plain stdout line");
                return new JsonObject { ["action"] = "log", ["logged"] = 4 };
            case "memory":
                return new JsonObject
                {
                    ["totalAvailableMemoryBytes"] = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
                    ["gcHeapHardLimit"] = AppContext.GetData("GCHeapHardLimit")?.ToString(),
                };
        }
        throw new ArgumentException($"Unknown action '{evt.Action}'.");
    }

    public static async Task HandleStreamingAsync(BehaviorEvent evt, Stream output, ILambdaContext context)
    {
        switch (evt.Action)
        {
            case "stream":
                for (var i = 0; i < Math.Max(1, evt.Chunks); i++)
                {
                    if (i > 0 && evt.Ms > 0)
                    {
                        await Task.Delay(evt.Ms, context.CancellationToken);
                    }
                    await output.WriteAsync(Encoding.UTF8.GetBytes($"chunk {i}\n"), context.CancellationToken);
                    await output.FlushAsync(context.CancellationToken);
                }
                return;
            case "stream-error":
                await output.WriteAsync("partial 0\npartial 1\n"u8.ToArray(), context.CancellationToken);
                await output.FlushAsync(context.CancellationToken);
                Fail(evt.Message ?? "failed after streaming started");
                return;
            default:
                // Any buffered behaviour works in streaming mode too: its answer becomes the stream.
                var answer = await HandleAsync(evt, context);
                await output.WriteAsync(Encoding.UTF8.GetBytes(answer.ToJsonString()), context.CancellationToken);
                return;
        }
    }

    private static JsonObject Echo(BehaviorEvent evt, ILambdaContext context) => new()
    {
        ["event"] = JsonSerializer.SerializeToNode(evt, BehaviorJsonContext.Default.BehaviorEvent),
        ["requestId"] = context.AwsRequestId,
        ["functionName"] = context.FunctionName,
        ["functionVersion"] = context.FunctionVersion,
        ["invokedFunctionArn"] = context.InvokedFunctionArn,
        ["memoryLimitInMB"] = context.MemoryLimitInMB,
        ["logGroupName"] = context.LogGroupName,
        ["logStreamName"] = context.LogStreamName,
        ["isColdStart"] = context.IsColdStart,
        ["sinceInitMs"] = (long)context.SinceInit.TotalMilliseconds,
        ["remainingTimeMs"] = (long)context.RemainingTime.TotalMilliseconds,
        ["deadlineUnixMs"] = context.Deadline.ToUnixTimeMilliseconds(),
        ["traceId"] = context.TraceId,
        ["traceEnvironment"] = Environment.GetEnvironmentVariable("_X_AMZN_TRACE_ID"),
        ["clientContext"] = context.ClientContext,
        ["identity"] = context.Identity,
        ["tenantId"] = context.TenantId,
        ["maxConcurrency"] = context.MaxConcurrency,
        ["processId"] = Environment.ProcessId,
        ["region"] = Environment.GetEnvironmentVariable("AWS_REGION"),
        ["taskRoot"] = Environment.GetEnvironmentVariable("LAMBDA_TASK_ROOT"),
        ["handler"] = Environment.GetEnvironmentVariable("_HANDLER"),
    };

    private static async Task<JsonNode> SleepAsync(int ms, CancellationToken token)
    {
        var clock = Stopwatch.StartNew();
        var completed = true;
        try
        {
            await Task.Delay(ms, token);
        }
        catch (OperationCanceledException)
        {
            completed = false; // the deadline is near: answer with what we have instead of being timed out
        }
        return new JsonObject
        {
            ["action"] = "sleep",
            ["completed"] = completed,
            ["sleptMs"] = (long)clock.Elapsed.TotalMilliseconds,
        };
    }

    private static async Task<JsonNode> WaitAsync(int ms, ILambdaContext context)
    {
        context.Logger.LogInformation($"wait begins: {ms} ms");
        var waited = await SleepAsync(ms, context.CancellationToken);
        context.Logger.LogInformation("wait ends");
        return new JsonObject
        {
            ["action"] = "wait",
            ["completed"] = waited["completed"]!.GetValue<bool>(),
            ["requestId"] = context.AwsRequestId,
            ["traceId"] = context.TraceId,
            ["traceEnvironment"] = Environment.GetEnvironmentVariable("_X_AMZN_TRACE_ID"),
            ["maxConcurrency"] = context.MaxConcurrency,
            ["isColdStart"] = context.IsColdStart,
            ["processId"] = Environment.ProcessId,
        };
    }

    private static void RegisterAfterResponse(BehaviorEvent evt, ILambdaContext context)
    {
        var requestId = context.AwsRequestId;
        context.RunAfterResponse(async token =>
        {
            await Task.Delay(evt.Ms, token);
            Console.WriteLine($"after-response marker {requestId}");
            if (evt.File is { } file)
            {
                await File.WriteAllTextAsync(file, DateTime.UtcNow.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture), token);
            }
        });
    }

    /// <summary>Kept out of line so the stack trace has a frame of ours above the handler.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Fail(string message) => throw new BehaviorTestException(message);

    /// <summary>SIGSTOP to ourselves: no thread of the process runs again until it is killed.</summary>
    private static void Freeze() => _ = kill(Environment.ProcessId, SIGSTOP);

    private const int SIGSTOP = 19; // same number on x86_64 and arm64 Linux

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}

/// <summary>The exception "throw" raises; its type name must come back as the errorType.</summary>
public sealed class BehaviorTestException(string message) : Exception(message);

public sealed class BehaviorEvent
{
    public string? Action { get; set; }
    public string? Message { get; set; }
    public int Ms { get; set; }
    public int Bytes { get; set; }
    public int Code { get; set; }
    public int Chunks { get; set; }
    public string? File { get; set; }

    /// <summary>Anything else in the event, so echo returns the event as sent.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault)]
[JsonSerializable(typeof(BehaviorEvent))]
[JsonSerializable(typeof(JsonNode))]
internal sealed partial class BehaviorJsonContext : JsonSerializerContext;
