namespace LambdaSlim.Emulator.RuntimeApi;

/// <summary>What ended an invocation, before it is turned into an <see cref="InvocationResult"/>.</summary>
internal sealed record InvocationOutcome(
    InvocationStatus Status,
    ReadOnlyMemory<byte> Payload,
    ReadOnlyMemory<byte> ErrorDocument,
    string? ErrorType,
    bool IsStreamed,
    string? ContentType = null);

/// <summary>
/// One queued or running invocation. Its answer is decided exactly once, under a lock: by a post from the function
/// (buffered, or a stream that claimed it first) or by the emulator (timeout, process exit).
/// </summary>
internal sealed class Invocation(
    string requestId,
    string invocationId,
    ReadOnlyMemory<byte> payload,
    DateTimeOffset deadline,
    string traceId,
    InvokeOptions options)
{
    private enum State
    {
        Open,
        Streaming,
        Completed,
    }

    private readonly Lock _lock = new();
    private readonly TaskCompletionSource<InvocationOutcome> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private State _state;

    public string RequestId { get; } = requestId;

    /// <summary>Lambda-Runtime-Invocation-Id: a second id the client echoes on its posts.</summary>
    public string InvocationId { get; } = invocationId;

    public ReadOnlyMemory<byte> Payload { get; } = payload;

    public DateTimeOffset Deadline { get; } = deadline;

    public string TraceId { get; } = traceId;

    public InvokeOptions Options { get; } = options;

    /// <summary>Where a streamed response's bytes go while it is open.</summary>
    public StreamRelay Relay { get; } = new(options);

    public Task<InvocationOutcome> Completion => _completion.Task;

    /// <summary>True when a post from the function decided the answer (a later post is then a duplicate).</summary>
    public bool AnsweredByFunction { get; private set; }

    public bool IsOpen
    {
        get
        {
            lock (_lock)
            {
                return _state == State.Open;
            }
        }
    }

    /// <summary>A streamed response claims the invocation at its first byte; any other post is then a duplicate.</summary>
    public bool TryBeginStream() => Transition(State.Open, State.Streaming);

    /// <summary>A buffered response or an error post: only while nobody else answered.</summary>
    public bool TryCompleteFromPost(InvocationOutcome outcome) => Complete(outcome, fromFunction: true, State.Open);

    public bool TryCompleteStream(InvocationOutcome outcome) => Complete(outcome, fromFunction: true, State.Streaming);

    /// <summary>Timeout or process exit: wins over a stream in progress.</summary>
    public bool TryCompleteByEmulator(InvocationOutcome outcome) =>
        Complete(outcome, fromFunction: false, State.Open, State.Streaming);

    private bool Transition(State from, State to)
    {
        lock (_lock)
        {
            if (_state != from)
            {
                return false;
            }
            _state = to;
            return true;
        }
    }

    private bool Complete(InvocationOutcome outcome, bool fromFunction, params State[] allowedFrom)
    {
        lock (_lock)
        {
            if (!allowedFrom.Contains(_state))
            {
                return false;
            }
            _state = State.Completed;
            AnsweredByFunction = fromFunction;
        }
        _completion.SetResult(outcome);
        return true;
    }
}
