namespace LambdaSlim.Emulator.RuntimeApi;

/// <summary>
/// The invocation waiting for a GET /next. One slot: invokes are serialised, like Lambda's one event per
/// execution environment. An invocation whose delivery failed is put back, so it is never lost.
/// </summary>
internal sealed class DeliveryQueue
{
    private readonly Lock _lock = new();
    private Invocation? _waiting;
    private TaskCompletionSource _arrived = NewSignal();

    public void Put(Invocation invocation)
    {
        lock (_lock)
        {
            _waiting = invocation;
            _arrived.TrySetResult();
        }
    }

    /// <summary>Puts back an invocation that was taken but not delivered, unless it ended meanwhile (timeout).</summary>
    public void Return(Invocation invocation)
    {
        if (invocation.IsOpen)
        {
            Put(invocation);
        }
    }

    /// <summary>Waits for an open invocation and takes it (the caller must deliver it or <see cref="Return"/> it).</summary>
    public async Task<Invocation> TakeAsync(CancellationToken ct)
    {
        while (true)
        {
            Task arrived;
            lock (_lock)
            {
                var candidate = _waiting;
                _waiting = null;
                if (candidate is { IsOpen: true })
                {
                    return candidate;
                }
                if (_arrived.Task.IsCompleted)
                {
                    _arrived = NewSignal();
                }
                arrived = _arrived.Task;
            }
            await arrived.WaitAsync(ct);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
