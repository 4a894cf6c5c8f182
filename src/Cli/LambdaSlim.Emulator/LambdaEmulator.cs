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
/// With <see cref="EmulatorOptions.MaxConcurrency"/> above 1 it emulates Lambda Managed Instances instead: that many
/// invocations at once, and a timeout ends only its own invocation, never the process.
/// </summary>
public sealed class LambdaEmulator : IAsyncDisposable
{
    /// <summary>Lambda's limit for a synchronous invoke payload.</summary>
    public const int MaxPayloadBytes = 6 * 1024 * 1024;

    /// <summary>The most invocations one environment may be told to serve at once (a bound against typos, not Lambda's).</summary>
    public const int MaxConcurrencyLimit = 1024;

    /// <summary>One slot per invocation the environment serves at once; invokes beyond them wait.</summary>
    private readonly SemaphoreSlim _slots;
    /// <summary>Guards starting and replacing the environment.</summary>
    private readonly SemaphoreSlim _sandboxGate = new(1, 1);
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
        _slots = new SemaphoreSlim(options.MaxConcurrency, options.MaxConcurrency);
    }

    private bool Concurrent => Options.MaxConcurrency > 1;

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
        await EnterSandboxGateAsync(ct);
        try
        {
            var clock = Stopwatch.StartNew();
            var failure = await EnsureSandboxAsync(ct);
            return new InitResult(failure is null, failure?.ErrorType, failure?.ErrorDocument ?? default, clock.Elapsed);
        }
        finally
        {
            _sandboxGate.Release();
        }
    }

    /// <summary>
    /// Invokes the function once and waits for its answer (or the deadline). At most
    /// <see cref="EmulatorOptions.MaxConcurrency"/> invokes are in the environment at once (one by default); a call
    /// beyond them waits for the first to end, like requests queued on a busy Lambda environment. Cancelling
    /// <paramref name="ct"/> abandons the invocation, which, as with a timeout, costs a one-at-a-time process.
    /// </summary>
    public async Task<InvocationResult> InvokeAsync(ReadOnlyMemory<byte> payload, InvokeOptions? options = null,
        CancellationToken ct = default)
    {
        options = Normalise(options ?? new InvokeOptions(), payload.Length);
        ThrowIfDisposed();
        await _slots.WaitAsync(ct);
        try
        {
            Interlocked.Increment(ref _telemetry.Invocations);
            var requestId = Guid.NewGuid().ToString();
            var (sandbox, failure, initDuration) = await RunningSandboxAsync(ct);
            if (failure is not null)
            {
                return ToResult(requestId, failure, isColdStart: true, TimeSpan.Zero, initDuration);
            }
            var invocation = new Invocation(requestId, Guid.NewGuid().ToString(), payload.ToArray(),
                DateTimeOffset.UtcNow + Options.Timeout, options.TraceId ?? NewTraceId(), options);
            var clock = Stopwatch.StartNew();
            _registry.Add(invocation);
            var isColdStart = sandbox!.Enqueue(invocation);
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
            _slots.Release();
        }
    }

    /// <summary>The running environment, started now when there is none (then with how long its init took).</summary>
    private async Task<(Sandbox? Sandbox, InvocationOutcome? InitFailure, TimeSpan? InitDuration)> RunningSandboxAsync(CancellationToken ct)
    {
        await EnterSandboxGateAsync(ct);
        try
        {
            if (_sandbox is { HasExited: false } running)
            {
                return (running, null, null);
            }
            var initClock = Stopwatch.StartNew();
            var failure = await EnsureSandboxAsync(ct);
            return (_sandbox, failure, initClock.Elapsed);
        }
        finally
        {
            _sandboxGate.Release();
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
            await RetireAsync(sandbox);
            return await invocation.Completion;
        }
        if (ct.IsCancellationRequested)
        {
            // The caller gave up. The function may still be working on it: a one-at-a-time environment cannot be
            // reused; a concurrent one serves on (the late answer is refused as gone).
            invocation.TryCompleteByEmulator(Errors.TimedOut(invocation.RequestId, Options.Timeout));
            if (!Concurrent)
            {
                await RetireAsync(sandbox);
            }
            ct.ThrowIfCancellationRequested();
        }
        if (invocation.TryCompleteByEmulator(Errors.TimedOut(invocation.RequestId, Options.Timeout)))
        {
            Interlocked.Increment(ref _telemetry.Timeouts);
            _telemetry.Raise(EmulatorEventKind.TimedOut, invocation.RequestId);
            if (!Concurrent)
            {
                await RetireAsync(sandbox); // Managed Instances do not enforce the timeout on the environment
            }
        }
        return await invocation.Completion;
    }

    /// <summary>
    /// Starts an environment when none is running (the caller holds the sandbox gate); returns the init failure,
    /// if any (then none is kept).
    /// </summary>
    private async Task<InvocationOutcome?> EnsureSandboxAsync(CancellationToken ct)
    {
        if (_sandbox is { HasExited: false })
        {
            return null;
        }
        ThrowIfDisposed();
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

    /// <summary>Kills <paramref name="sandbox"/> and forgets it, unless another invocation replaced it already.</summary>
    private async Task RetireAsync(Sandbox sandbox)
    {
        await _sandboxGate.WaitAsync();
        try
        {
            if (_sandbox == sandbox)
            {
                _sandbox = null;
            }
        }
        finally
        {
            _sandboxGate.Release();
        }
        await sandbox.DisposeAsync();
    }

    /// <summary>Kills and forgets the current environment (the caller holds the sandbox gate).</summary>
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
        ContentType = outcome.ContentType,
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
            TenantId = HeaderValue(options.TenantId, "tenant id"),
        };
    }

    /// <summary>Text that can travel as a header value: visible ASCII and spaces, nothing that could end the line.</summary>
    private static string? HeaderValue(string? value, string what)
    {
        if (value is not null && (value.Length == 0 || value.Any(c => c is < ' ' or > '~')))
        {
            throw new LambdaSlimException(EmulatorErrorCodes.InvalidInvokeRequest,
                $"The {what} '{value}' is empty or has characters other than visible ASCII. Pass an id such as 'tenant-1'.");
        }
        return value;
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

    private async Task EnterSandboxGateAsync(CancellationToken ct)
    {
        ThrowIfDisposed();
        await _sandboxGate.WaitAsync(ct);
        if (_disposed)
        {
            _sandboxGate.Release();
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
        Require(options.MaxConcurrency is >= 1 and <= MaxConcurrencyLimit,
            $"Concurrency {options.MaxConcurrency} is outside 1 to {MaxConcurrencyLimit}: use 1 for the classic one-at-a-time sandbox, " +
            "or the AWS_LAMBDA_MAX_CONCURRENCY of the Managed Instances capacity you emulate.");
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
            await running.KillAsync(); // unblocks the invokes in progress
        }
        // Every slot back means no invoke is in progress any more; invokes still waiting for one are refused.
        for (var i = 0; i < Options.MaxConcurrency; i++)
        {
            await _slots.WaitAsync();
        }
        await _sandboxGate.WaitAsync();
        await ReplaceSandboxAsync();
        _sandboxGate.Release();
        _slots.Release(Options.MaxConcurrency);
    }
}
