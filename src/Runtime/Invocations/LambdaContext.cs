using LambdaSlim.Runtime.Api;
using LambdaSlim.Runtime.Logging;

namespace LambdaSlim.Runtime.Invocations;

/// <summary>
/// The context of one invocation; after-response work is queued here and taken by the loop. The cancellation
/// token is made on first use: its timer (and the timer thread the first one starts) costs nothing for the many
/// handlers that never ask for it, and a token made late still fires at <paramref name="cancelAt"/>.
/// </summary>
internal sealed class LambdaContext(Invocation invocation, FunctionEnvironment function, LogSink sink, bool isColdStart,
    TimeSpan sinceInit, DateTimeOffset cancelAt, int maxConcurrency) : ILambdaContext
{
    private readonly object _gate = new();
    private List<Func<CancellationToken, Task>>? _afterResponse;
    private bool _closed;
    private CancellationTokenSource? _cancellation;
    private CancellationToken _token;
    private bool _cancelled;
    private bool _released;

    public string AwsRequestId => invocation.RequestId;
    public string FunctionName => function.FunctionName;
    public string FunctionVersion => function.FunctionVersion;
    public string InvokedFunctionArn => invocation.InvokedFunctionArn;
    public int MemoryLimitInMB => function.MemoryLimitInMB;
    public string LogGroupName => function.LogGroupName;
    public string LogStreamName => function.LogStreamName;
    public DateTimeOffset Deadline => invocation.Deadline;
    public TimeSpan RemainingTime => Deadline - DateTimeOffset.UtcNow is { Ticks: > 0 } left ? left : TimeSpan.Zero;
    public string? TraceId => invocation.TraceId;
    public string? ClientContext => invocation.ClientContext;
    public string? Identity => invocation.CognitoIdentity;
    public string? TenantId => invocation.TenantId;
    public ILambdaLogger Logger { get; } = new LambdaLogger(sink, invocation.RequestId, invocation.TenantId);
    public CancellationToken CancellationToken
    {
        get
        {
            lock (_gate)
            {
                if (_released)
                {
                    return _cancellation is null ? new CancellationToken(canceled: true) : _token; // the invocation is over
                }
                if (_cancellation is null)
                {
                    _cancellation = new CancellationTokenSource();
                    TimeSpan left = WaitTime.Until(cancelAt);
                    if (_cancelled || left == TimeSpan.Zero)
                    {
                        _cancellation.Cancel();
                    }
                    else
                    {
                        _cancellation.CancelAfter(left);
                    }
                    _token = _cancellation.Token;
                }
                return _token;
            }
        }
    }
    public bool IsColdStart => isColdStart;
    public TimeSpan SinceInit => sinceInit;
    public int MaxConcurrency => maxConcurrency;

    public void RunAfterResponse(Func<CancellationToken, Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        lock (_gate)
        {
            if (_closed)
            {
                // The invocation is over (answered, or abandoned at the deadline): running it now would race the
                // next invocation, so it is dropped loudly.
                Logger.LogWarning("RunAfterResponse was called after the invocation ended; the work is not run.");
                return;
            }
            (_afterResponse ??= []).Add(work);
        }
    }

    /// <summary>Fires the token now (the invocation was abandoned); callbacks run off the calling thread.</summary>
    public void Cancel()
    {
        CancellationTokenSource? cancellation;
        lock (_gate)
        {
            _cancelled = true;
            cancellation = _cancellation;
        }
        _ = cancellation?.CancelAsync();
    }

    /// <summary>Frees the token's timer once nothing of the invocation can still be running.</summary>
    public void ReleaseCancellation()
    {
        lock (_gate)
        {
            _released = true;
            _cancellation?.Dispose();
        }
    }

    /// <summary>Ends registration and returns the queued work in order (empty when none).</summary>
    public IReadOnlyList<Func<CancellationToken, Task>> Close()
    {
        lock (_gate)
        {
            _closed = true;
            return (IReadOnlyList<Func<CancellationToken, Task>>?)_afterResponse ?? [];
        }
    }
}
