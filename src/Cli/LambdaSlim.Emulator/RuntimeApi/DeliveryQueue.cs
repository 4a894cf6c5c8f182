namespace LambdaSlim.Emulator.RuntimeApi;

/// <summary>
/// Invocations waiting for a GET /next, oldest first. With one invocation at a time (the classic sandbox) it never
/// holds more than one; with MaxConcurrency above 1 each of the function's loops takes the next one. An invocation
/// whose delivery failed is put back at the front, so it is never lost; one that ended meanwhile (timeout) is dropped.
/// </summary>
internal sealed class DeliveryQueue
{
    private readonly Lock _lock = new();
    private readonly LinkedList<Invocation> _waiting = new();
    private TaskCompletionSource _arrived = NewSignal();

    public void Put(Invocation invocation) => Add(invocation, front: false);

    /// <summary>Puts back an invocation that was taken but not delivered, unless it ended meanwhile (timeout).</summary>
    public void Return(Invocation invocation)
    {
        if (invocation.IsOpen)
        {
            Add(invocation, front: true);
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
                while (_waiting.First is { } first)
                {
                    _waiting.RemoveFirst();
                    if (first.Value.IsOpen)
                    {
                        return first.Value;
                    }
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

    private void Add(Invocation invocation, bool front)
    {
        lock (_lock)
        {
            if (front)
            {
                _waiting.AddFirst(invocation);
            }
            else
            {
                _waiting.AddLast(invocation);
            }
            _arrived.TrySetResult();
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
