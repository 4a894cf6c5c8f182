using System.Diagnostics;
using LambdaSlim.Emulator;

namespace LambdaSlim.Bench;

/// <summary>
/// One build of the function kept warm in its own <see cref="LambdaEmulator"/> (init not timed), so the harness
/// can time rounds of invokes on loopback for several builds in turn: sequential, or with the environment serving
/// several at once (Managed Instances). What a round trip measures is the per-invoke cost of the runtime client plus
/// the emulator, since the handler itself does next to nothing.
/// </summary>
internal sealed class WarmEnvironment : IAsyncDisposable
{
    private readonly LambdaEmulator _emulator;
    private readonly byte[] _event;
    private readonly List<TimeSpan> _roundTrips = [];
    private int _pid;

    private WarmEnvironment(FunctionUnderTest function, byte[] eventBody, int maxConcurrency)
    {
        Function = function;
        _event = eventBody;
        _emulator = new LambdaEmulator(new EmulatorOptions
        {
            Command = new FunctionCommand(function.FileName, function.Arguments, function.WorkingDirectory),
            FunctionName = "bench",
            MaxConcurrency = maxConcurrency,
            Environment = function.Environment,
            Timeout = TimeSpan.FromSeconds(60),
            InitTimeout = TimeSpan.FromSeconds(60), // a JIT start on a loaded machine can take seconds
            Events = e =>
            {
                if (e.Kind == EmulatorEventKind.ProcessStarted)
                {
                    _pid = ProcessId(e.Detail);
                }
            },
        });
    }

    public FunctionUnderTest Function { get; }

    /// <summary>Every timed round trip so far: from calling InvokeAsync to holding the response.</summary>
    public IReadOnlyList<TimeSpan> RoundTrips => _roundTrips;

    /// <summary>Wall time of the timed rounds (each round's invokes run back to back): gives invokes per second.</summary>
    public TimeSpan Elapsed { get; private set; }

    /// <summary>CPU time the function process used during the timed rounds (the emulator's own is not in it).</summary>
    public TimeSpan FunctionCpu { get; private set; }

    /// <summary>
    /// Starts the process (serving <paramref name="maxConcurrency"/> invocations at once) and runs
    /// <paramref name="warmup"/> untimed invokes so JIT tiers and caches settle.
    /// </summary>
    public static async Task<WarmEnvironment> StartAsync(FunctionUnderTest function, byte[] eventBody, int warmup, int maxConcurrency = 1)
    {
        var environment = new WarmEnvironment(function, eventBody, maxConcurrency);
        var init = await environment._emulator.InitializeAsync();
        if (!init.Succeeded)
        {
            await environment.DisposeAsync();
            throw new InvalidOperationException($"{function.Name} failed to initialise: {init.ErrorType}");
        }
        for (int i = 0; i < warmup; i++)
        {
            await environment.InvokeOnceAsync();
        }
        return environment;
    }

    /// <summary>Times <paramref name="invokes"/> sequential invokes.</summary>
    public async Task RunRoundAsync(int invokes)
    {
        var cpuBefore = ProcessCpuTime.Read(_pid);
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < invokes; i++)
        {
            long before = Stopwatch.GetTimestamp();
            await InvokeOnceAsync();
            _roundTrips.Add(Stopwatch.GetElapsedTime(before));
        }
        Elapsed += Stopwatch.GetElapsedTime(start);
        FunctionCpu += ProcessCpuTime.Read(_pid) - cpuBefore;
    }

    /// <summary>Times <paramref name="invokes"/> invokes issued by <paramref name="callers"/> concurrent callers.</summary>
    public async Task RunConcurrentAsync(int invokes, int callers)
    {
        var roundTrips = new TimeSpan[invokes];
        int next = -1;
        async Task CallAsync()
        {
            for (int i = Interlocked.Increment(ref next); i < invokes; i = Interlocked.Increment(ref next))
            {
                long before = Stopwatch.GetTimestamp();
                await InvokeOnceAsync();
                roundTrips[i] = Stopwatch.GetElapsedTime(before);
            }
        }
        var cpuBefore = ProcessCpuTime.Read(_pid);
        long start = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(CallAsync)));
        Elapsed += Stopwatch.GetElapsedTime(start);
        FunctionCpu += ProcessCpuTime.Read(_pid) - cpuBefore;
        _roundTrips.AddRange(roundTrips);
    }

    private async Task InvokeOnceAsync()
    {
        var result = await _emulator.InvokeAsync(_event);
        if (result.Status != InvocationStatus.Success || result.Payload.IsEmpty || result.InitDuration is not null)
        {
            // A restarted process would hide a cold start among warm invokes (and break the CPU accounting).
            throw new InvalidOperationException(
                $"{Function.Name}: invoke {result.RequestId} ended {result.Status} (process restarted: {result.InitDuration is not null}): {result.ErrorDocumentText}");
        }
    }

    /// <summary>The emulator reports a start as "pid N: COMMAND".</summary>
    private static int ProcessId(string? detail)
    {
        string[] words = detail?.Split(' ', 3) ?? [];
        return words.Length > 1 && words[0] == "pid" && int.TryParse(words[1].TrimEnd(':'), out int pid)
            ? pid
            : throw new InvalidOperationException($"Unexpected process start report from the emulator: '{detail}'.");
    }

    public ValueTask DisposeAsync() => _emulator.DisposeAsync();
}
