using System.Diagnostics;
using LambdaSlim.Emulator.Faults;
using LambdaSlim.Emulator.Http;

namespace LambdaSlim.Emulator.RuntimeApi;

/// <summary>
/// One execution environment: a function process and the Runtime API server only it talks to (its own port,
/// so a killed process's late requests can never touch the next environment's invocations).
/// </summary>
internal sealed class Sandbox : IAsyncDisposable
{
    private readonly HttpServer _server;
    private readonly DeliveryQueue _queue = new();
    private FunctionProcess _process = null!; // set by StartAsync before anyone sees the sandbox
    private readonly Telemetry _telemetry;
    private readonly TaskCompletionSource _firstNext = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<InvocationOutcome> _initError = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Stopwatch _age = Stopwatch.StartNew();
    private int _killed;
    private int _invocationsQueued;

    private Sandbox(EmulatorOptions options, InvocationRegistry registry, Telemetry telemetry, FaultInjector faults)
    {
        _telemetry = telemetry;
        var handler = new RuntimeApiHandler(_queue, registry, telemetry, faults, LambdaEnvironment.FunctionArn(options),
            onNextRequested: () => _firstNext.TrySetResult(),
            onInitError: outcome => !_firstNext.Task.IsCompleted && _initError.TrySetResult(outcome));
        _server = HttpServer.Start(0, handler.HandleAsync,
            e => telemetry.Raise(EmulatorEventKind.InternalError, detail: e.ToString()));
    }

    public Task Exited => _process.Exited;

    public bool HasExited => _process.HasExited;

    public int? ExitCode => _process.ExitCode;

    /// <summary>Opens the environment's Runtime API server, then starts the process pointed at it.</summary>
    public static async Task<Sandbox> StartAsync(
        EmulatorOptions options, InvocationRegistry registry, Telemetry telemetry, FaultInjector faults)
    {
        var sandbox = new Sandbox(options, registry, telemetry, faults);
        try
        {
            var environment = LambdaEnvironment.Build(options, sandbox._server.Port,
                LambdaEnvironment.NewLogStreamName(DateTimeOffset.UtcNow));
            sandbox._process = FunctionProcess.Start(options.Command, environment, options.Output);
        }
        catch
        {
            await sandbox._server.DisposeAsync();
            throw;
        }
        Interlocked.Increment(ref telemetry.ProcessStarts);
        telemetry.Raise(EmulatorEventKind.ProcessStarted, detail: $"pid {sandbox._process.Id}: {options.Command}");
        _ = sandbox.ReportExitAsync();
        return sandbox;
    }

    /// <summary>
    /// Waits until the process asks for its first invocation. Returns null on success, or the init error: posted by
    /// the function, or made up here when the process exits or overruns <paramref name="timeout"/> first.
    /// </summary>
    public async Task<InvocationOutcome?> WaitForInitAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var stopTimer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var deadline = Task.Delay(timeout, stopTimer.Token);
        var first = await Task.WhenAny(_firstNext.Task, _initError.Task, _process.Exited, deadline);
        await stopTimer.CancelAsync();
        if (first == _firstNext.Task)
        {
            _telemetry.Raise(EmulatorEventKind.InitCompleted, detail: $"{_age.Elapsed.TotalMilliseconds:F1} ms");
            return null;
        }
        ct.ThrowIfCancellationRequested();
        if (first == _initError.Task)
        {
            // The client exits by itself after init/error; give it a moment so its last log lines are not cut.
            await Task.WhenAny(_process.Exited, Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None));
            return await _initError.Task;
        }
        InvocationOutcome outcome;
        if (first == _process.Exited)
        {
            outcome = Errors.ExitedDuringInit(_process.ExitCode);
        }
        else
        {
            outcome = Errors.InitTimedOut(timeout);
        }
        Interlocked.Increment(ref _telemetry.InitErrors);
        _telemetry.Raise(EmulatorEventKind.InitFailed, detail: outcome.ErrorType);
        return outcome;
    }

    /// <summary>Hands <paramref name="invocation"/> to the environment; true when it is the first (its cold start).</summary>
    public bool Enqueue(Invocation invocation)
    {
        bool first = Interlocked.Increment(ref _invocationsQueued) == 1;
        _queue.Put(invocation);
        return first;
    }

    /// <summary>Kills the process (if alive) and stops its Runtime API server. Idempotent.</summary>
    public async Task KillAsync()
    {
        if (Interlocked.Exchange(ref _killed, 1) == 0 && !_process.HasExited)
        {
            Interlocked.Increment(ref _telemetry.ProcessKills);
            _telemetry.Raise(EmulatorEventKind.ProcessKilled, detail: $"pid {_process.Id}");
        }
        await _process.KillAsync();
        await _server.DisposeAsync();
    }

    private async Task ReportExitAsync()
    {
        await _process.Exited;
        _telemetry.Raise(EmulatorEventKind.ProcessExited, detail: $"pid {_process.Id} exit code {_process.ExitCode}");
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }
}
