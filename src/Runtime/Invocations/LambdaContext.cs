using LambdaSlim.Runtime.Api;
using LambdaSlim.Runtime.Logging;

namespace LambdaSlim.Runtime.Invocations;

/// <summary>The context of one invocation; after-response work is queued here and taken by the loop.</summary>
internal sealed class LambdaContext(Invocation invocation, FunctionEnvironment function, LogSink sink, bool isColdStart,
    TimeSpan sinceInit, CancellationToken cancellationToken) : ILambdaContext
{
    private readonly object _gate = new();
    private List<Func<CancellationToken, Task>>? _afterResponse;
    private bool _closed;

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
    public ILambdaLogger Logger { get; } = new LambdaLogger(sink, invocation.RequestId);
    public CancellationToken CancellationToken => cancellationToken;
    public bool IsColdStart => isColdStart;
    public TimeSpan SinceInit => sinceInit;

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
