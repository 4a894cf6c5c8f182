namespace LambdaSlim.Runtime.Invocations;

/// <summary>
/// One dedicated thread that calls handlers, one call at a time, so that the loop thread stays free to answer at
/// the deadline even when a handler blocks synchronously. Why not Task.Run: the thread pool's first use starts a
/// worker and a gate thread and initialises the pool, all on the way to the first response; one plain thread
/// does the same job. Only the synchronous part of a call runs here: an async handler's continuations run
/// wherever its awaits resume, and the returned task completes when the handler does.
/// A thread stuck in a handler the loop gave up on is retired (it ends once the handler returns) and the loop
/// asks for a new one.
/// </summary>
internal sealed class HandlerThread
{
    private readonly object _gate = new();
    /// <summary>The pending call; what it returns completes the caller's task once the thread is idle again.</summary>
    private Func<Action>? _work;
    private bool _busy;
    private bool _retired;

    private HandlerThread()
    {
    }

    /// <summary>Starts a handler thread; it waits for calls until retired.</summary>
    public static HandlerThread Start()
    {
        var handlerThread = new HandlerThread();
        new Thread(handlerThread.Serve) { IsBackground = true, Name = "LambdaSlim handler" }.Start();
        return handlerThread;
    }

    /// <summary>True while a call's synchronous part runs (a call that never returns keeps it true).</summary>
    public bool IsBusy
    {
        get
        {
            lock (_gate)
            {
                return _busy || _work is not null;
            }
        }
    }

    /// <summary>Runs <paramref name="call"/> on this thread; the task ends as the call's task does (or with what it threw).</summary>
    public Task<T> Run<T>(Func<Task<T>> call)
    {
        // Continuations run inline on the completing thread: the only ones are the loop's wait (it sets an event) and
        // the observer of an abandoned call's late outcome, so no thread pool is needed.
        var result = new TaskCompletionSource<T>();
        Hand(() =>
        {
            Task<T> task;
            try
            {
                task = call();
            }
            catch (Exception ex)
            {
                return () => result.SetException(ex);
            }
            return () =>
            {
                if (task.IsCompleted)
                {
                    CopyOutcome(task, result);
                    return;
                }
                task.ContinueWith(static (finished, state) => CopyOutcome(finished, (TaskCompletionSource<T>)state!),
                    result, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            };
        });
        return result.Task;
    }

    /// <summary>Lets the thread end: now when idle, or when the call it is stuck in returns.</summary>
    public void Retire()
    {
        lock (_gate)
        {
            _retired = true;
            Monitor.Pulse(_gate);
        }
    }

    private void Hand(Func<Action> work)
    {
        lock (_gate)
        {
            if (_busy || _work is not null || _retired)
            {
                throw new InvalidOperationException("The handler thread is still busy with an earlier call.");
            }
            _work = work;
            Monitor.Pulse(_gate);
        }
    }

    private void Serve()
    {
        while (true)
        {
            Func<Action> work;
            lock (_gate)
            {
                while (_work is null && !_retired)
                {
                    Monitor.Wait(_gate);
                }
                if (_retired)
                {
                    return;
                }
                work = _work!;
                _work = null;
                _busy = true;
            }

            Action complete = work();
            lock (_gate)
            {
                _busy = false;
            }
            // Only now: the loop may hand over the next call as soon as this one's task completes.
            complete();
        }
    }

    private static void CopyOutcome<T>(Task<T> task, TaskCompletionSource<T> result)
    {
        if (task.IsCompletedSuccessfully)
        {
            result.SetResult(task.Result);
        }
        else if (task.IsCanceled)
        {
            result.SetCanceled();
        }
        else
        {
            result.SetException(task.Exception!.InnerExceptions);
        }
    }
}
