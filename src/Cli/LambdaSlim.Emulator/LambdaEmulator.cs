using System.Diagnostics;
using System.Text.Json;
using LambdaSlim.Core;
using LambdaSlim.Emulator.Faults;
using LambdaSlim.Emulator.RuntimeApi;

namespace LambdaSlim.Emulator;

/// <summary>
/// Runs a Lambda function process locally the way Lambda does: one execution environment at a time, started on
/// demand (or ahead with <see cref="InitializeAsync"/>), one invocation at a time, each with a deadline. When a
/// deadline passes unanswered the emulator answers a timeout and kills the process; the next invoke starts a new
/// one (and is a cold start again). A process that fails init or exits is replaced the same way.
/// </summary>
public sealed class LambdaEmulator : IAsyncDisposable
{
    /// <summary>Lambda's limit for a synchronous invoke payload.</summary>
    public const int MaxPayloadBytes = 6 * 1024 * 1024;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly InvocationRegistry _registry = new();
    private readonly Telemetry _telemetry;
    private readonly FaultInjector _faults;
    private Sandbox? _sandbox;
    private volatile bool _disposed;

    public LambdaEmulator(EmulatorOptions options)
    {
        Validate(options);
        Options = options;
        _telemetry = new Telemetry(options.Events);
        _faults = new FaultInjector(options.Faults);
    }

    public EmulatorOptions Options { get; }

    public EmulatorCounters Counters => _telemetry.Snapshot();

    public string FunctionArn => LambdaEnvironment.FunctionArn(Options);

    /// <summary>Surfaces a bug in one of the emulator's servers as an <see cref="EmulatorEventKind.InternalError"/> event.</summary>
    internal void ReportInternalError(Exception e) => _telemetry.Raise(EmulatorEventKind.InternalError, detail: e.ToString());

    /// <summary>
    /// Starts the execution environment now, without an invoke, and waits for its first GET /next. Does nothing when
    /// one is already running. A failed init is reported here and retried by the next invoke, as Lambda does.
    /// </summary>
    public async Task<InitResult> InitializeAsync(CancellationToken ct = default)
    {
        await EnterAsync(ct);
        try
        {
            var clock = Stopwatch.StartNew();
            var failure = await EnsureSandboxAsync(ct);
            return new InitResult(failure is null, failure?.ErrorType, failure?.ErrorDocument ?? default, clock.Elapsed);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Invokes the function once and waits for its answer (or the deadline). Invokes are serialised: a second call
    /// waits for the first, like concurrent requests queued on a single Lambda environment. Cancelling
    /// <paramref name="ct"/> abandons the invocation, which, as with a timeout, costs the process.
    /// </summary>
    public async Task<InvocationResult> InvokeAsync(ReadOnlyMemory<byte> payload, InvokeOptions? options = null,
        CancellationToken ct = default)
    {
        options = Normalise(options ?? new InvokeOptions(), payload.Length);
        await EnterAsync(ct);
        try
        {
            Interlocked.Increment(ref _telemetry.Invocations);
            var requestId = Guid.NewGuid().ToString();
            TimeSpan? initDuration = null;
            if (_sandbox is null || _sandbox.HasExited)
            {
                var initClock = Stopwatch.StartNew();
                var failure = await EnsureSandboxAsync(ct);
                initDuration = initClock.Elapsed;
                if (failure is not null)
                {
                    return ToResult(requestId, failure, isColdStart: true, TimeSpan.Zero, initDuration);
                }
            }
            var sandbox = _sandbox!;
            var isColdStart = sandbox.InvocationsQueued == 0;
            var invocation = new Invocation(requestId, Guid.NewGuid().ToString(), payload.ToArray(),
                DateTimeOffset.UtcNow + Options.Timeout, options.TraceId ?? NewTraceId(), options);
            var clock = Stopwatch.StartNew();
            _registry.Add(invocation);
            sandbox.Enqueue(invocation);
            try
            {
                var outcome = await AwaitAnswerAsync(sandbox, invocation, ct);
                return ToResult(requestId, outcome, isColdStart, clock.Elapsed, initDuration);
            }
            finally
            {
                await invocation.Relay.CloseAsync();
                _registry.Retire(invocation);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<InvocationOutcome> AwaitAnswerAsync(Sandbox sandbox, Invocation invocation, CancellationToken ct)
    {
        using var stopTimer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var remaining = invocation.Deadline - DateTimeOffset.UtcNow;
        var deadline = Task.Delay(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, stopTimer.Token);
        var first = await Task.WhenAny(invocation.Completion, sandbox.Exited, deadline);
        await stopTimer.CancelAsync();
        if (first == invocation.Completion)
        {
            return await invocation.Completion;
        }
        if (first == sandbox.Exited)
        {
            invocation.TryCompleteByEmulator(Errors.ExitedDuringInvoke(invocation.RequestId, sandbox.ExitCode));
            await ReplaceSandboxAsync();
            return await invocation.Completion;
        }
        if (ct.IsCancellationRequested)
        {
            // The caller gave up; the function may still be working on it, so the environment cannot be reused.
            invocation.TryCompleteByEmulator(Errors.TimedOut(invocation.RequestId, Options.Timeout));
            await ReplaceSandboxAsync();
            ct.ThrowIfCancellationRequested();
        }
        if (invocation.TryCompleteByEmulator(Errors.TimedOut(invocation.RequestId, Options.Timeout)))
        {
            Interlocked.Increment(ref _telemetry.Timeouts);
            _telemetry.Raise(EmulatorEventKind.TimedOut, invocation.RequestId);
            await ReplaceSandboxAsync();
        }
        return await invocation.Completion;
    }

    /// <summary>Starts an environment when none is running; returns the init failure, if any (then none is kept).</summary>
    private async Task<InvocationOutcome?> EnsureSandboxAsync(CancellationToken ct)
    {
        if (_sandbox is { HasExited: false })
        {
            return null;
        }
        await ReplaceSandboxAsync();
        var sandbox = await Sandbox.StartAsync(Options, _registry, _telemetry, _faults);
        InvocationOutcome? failure;
        try
        {
            failure = await sandbox.WaitForInitAsync(Options.InitTimeout, ct);
        }
        catch (OperationCanceledException)
        {
            await sandbox.DisposeAsync();
            throw;
        }
        if (failure is not null)
        {
            await sandbox.DisposeAsync();
            return failure;
        }
        _sandbox = sandbox;
        return null;
    }

    private async Task ReplaceSandboxAsync()
    {
        var old = _sandbox;
        _sandbox = null;
        if (old is not null)
        {
            await old.DisposeAsync();
        }
    }

    private static InvocationResult ToResult(string requestId, InvocationOutcome outcome, bool isColdStart,
        TimeSpan duration, TimeSpan? initDuration) => new()
    {
        RequestId = requestId,
        Status = outcome.Status,
        Payload = outcome.Payload,
        ErrorDocument = outcome.ErrorDocument,
        ErrorType = outcome.ErrorType,
        IsStreamed = outcome.IsStreamed,
        IsColdStart = isColdStart,
        Duration = duration,
        InitDuration = initDuration,
    };

    /// <summary>An X-Ray trace header in Lambda's format: Root=1-{epoch hex}-{96-bit id};Parent=…;Sampled=0.</summary>
    private static string NewTraceId()
    {
        var epoch = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var root = Guid.NewGuid().ToString("N")[..24];
        var parent = Guid.NewGuid().ToString("N")[..16];
        return $"Root=1-{epoch:x8}-{root};Parent={parent};Sampled=0";
    }

    private InvokeOptions Normalise(InvokeOptions options, int payloadLength)
    {
        if (payloadLength > MaxPayloadBytes)
        {
            throw new LambdaSlimException(EmulatorErrorCodes.InvalidInvokeRequest,
                $"The event is {payloadLength} bytes; Lambda accepts at most {MaxPayloadBytes} bytes for a synchronous invoke. " +
                "Send a smaller event (store large data in S3 and pass its key).");
        }
        return options with
        {
            ClientContext = OneLineJson(options.ClientContext, "client context"),
            CognitoIdentity = OneLineJson(options.CognitoIdentity, "Cognito identity"),
        };
    }

    /// <summary>
    /// Checks that the text is JSON and makes it one header line: JSON cannot hold a raw CR, LF or TAB inside a
    /// string, so those are whitespace between tokens and become spaces. Otherwise the text is passed verbatim,
    /// as Lambda does (non-ASCII stays UTF-8).
    /// </summary>
    private static string? OneLineJson(string? json, string what)
    {
        if (json is null)
        {
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new LambdaSlimException(EmulatorErrorCodes.InvalidInvokeRequest,
                $"The {what} is not valid JSON ({e.Message}). Pass a JSON object, e.g. {{\"custom\":{{\"key\":\"value\"}}}}.", e);
        }
        return json.Replace('\r', ' ').Replace('\n', ' ').Replace('\t', ' ').Trim();
    }

    private async Task EnterAsync(CancellationToken ct)
    {
        ThrowIfDisposed();
        await _gate.WaitAsync(ct);
        if (_disposed)
        {
            _gate.Release();
            ThrowIfDisposed();
        }
    }

    private void ThrowIfDisposed()
    {
        if (_disposed)
        {
            throw new LambdaSlimException(EmulatorErrorCodes.EmulatorDisposed,
                "The emulator was stopped; create a new LambdaEmulator to invoke again.");
        }
    }

    private static void Validate(EmulatorOptions options)
    {
        static void Require(bool condition, string message)
        {
            if (!condition)
            {
                throw new LambdaSlimException(EmulatorErrorCodes.InvalidOption, message);
            }
        }
        Require(options.Timeout > TimeSpan.Zero && options.Timeout <= TimeSpan.FromMinutes(15),
            $"Timeout {options.Timeout.TotalSeconds} s is outside Lambda's range: use more than 0 and at most 900 seconds.");
        Require(options.InitTimeout > TimeSpan.Zero, "InitTimeout must be positive.");
        Require(options.MemorySizeMb is >= 128 and <= 10240,
            $"Memory size {options.MemorySizeMb} MB is outside Lambda's range: use 128 to 10240 MB.");
        Require(!string.IsNullOrWhiteSpace(options.FunctionName) && options.FunctionName.Length <= 64
                && options.FunctionName.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'),
            $"Function name '{options.FunctionName}' is not valid: use 1 to 64 letters, digits, '-' or '_'.");
        Require(!string.IsNullOrWhiteSpace(options.Command.FileName), "The function command has no program to run.");
        Require(Directory.Exists(options.Command.WorkingDirectory),
            $"The working directory '{options.Command.WorkingDirectory}' does not exist.");
        Require(options.Faults is null || (options.Faults.Next.Sum <= 1 && options.Faults.Posts.Sum <= 1),
            "Fault probabilities for one endpoint add up to more than 1.");
    }

    /// <summary>
    /// Stops the environment (killing a live process) and refuses further invokes. An invoke in progress ends
    /// with <see cref="InvocationStatus.ProcessExited"/>.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        if (_sandbox is { } running)
        {
            await running.KillAsync(); // unblocks an invoke in progress
        }
        await _gate.WaitAsync();
        await ReplaceSandboxAsync();
        _gate.Release();
    }
}
