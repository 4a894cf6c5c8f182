using LambdaSlim.Runtime.Api;
using LambdaSlim.Runtime.Logging;

namespace LambdaSlim.Runtime.Invocations;

/// <summary>
/// next → handler → response or error, forever. Each invocation races its handler against the deadline: a
/// handler still running <see cref="RuntimeOptions.TimeoutReserve"/> before the deadline is abandoned and the
/// loop answers with a timeout error itself, so Lambda never has to kill the sandbox (the "doom loop" where
/// the next cold start is charged to the next invocation's timeout).
/// An environment that serves several invocations at once runs one loop per invocation slot, each with its own
/// Runtime API connection and handler thread (see <see cref="ConcurrentLoops"/>); everything an invocation needs
/// travels with it, so loops share nothing but <paramref name="firstInvocation"/>.
/// </summary>
internal sealed class InvocationLoop(IRuntimeApiClient api, FunctionHandler handler, RuntimeOptions options,
    FunctionEnvironment function, LogSink sink, FirstInvocation? firstInvocation = null)
{
    public const string TimeoutErrorType = "LambdaSlim.Timeout";
    public const string ResponseTooLargeErrorType = "LambdaSlim.ResponseSizeTooLarge";
    private const string TraceIdVariable = "_X_AMZN_TRACE_ID";

    private readonly FirstInvocation _firstInvocation = firstInvocation ?? new FirstInvocation();
    private HandlerThread? _handlerThread;

    /// <summary>Serves events until <paramref name="stop"/> fires (SIGTERM) between invocations.</summary>
    public void Run(CancellationToken stop)
    {
        // Started during init, before the first /next: Lambda often initialises ahead of the first event, so what is
        // done here is paid before anyone waits, and the first invocation finds its thread ready.
        _handlerThread ??= HandlerThread.Start();
        while (!stop.IsCancellationRequested)
        {
            Invocation invocation;
            try
            {
                invocation = api.Next(stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            Invoke(invocation);
        }
    }

    /// <summary>Runs one invocation to its end: result posted, after-response work done.</summary>
    public void Invoke(Invocation invocation)
    {
        if (options.MaxConcurrency == 1)
        {
            // Process-wide, so only meaningful while one invocation runs at a time (ILambdaContext.TraceId always is).
            Environment.SetEnvironmentVariable(TraceIdVariable, invocation.TraceId);
        }

        var context = new LambdaContext(invocation, function, sink, _firstInvocation.Claim(), InitClock.SinceInit,
            invocation.Deadline - options.DeadlineMargin, options.MaxConcurrency);
        IStreamingResponse? stream = handler.Streaming is null ? null : api.StartStreamingResponse(invocation, handler.ContentType!);

        Task<ReadOnlyMemory<byte>> run = OnHandlerThread(() => stream is null
            ? handler.Buffered!(invocation.Body, context)
            : StreamAsync(handler.Streaming!, invocation.Body, stream.Body, context));

        bool finished = WaitUntil(run, invocation.Deadline - options.TimeoutReserve);
        IReadOnlyList<Func<CancellationToken, Task>> afterResponse = context.Close();

        if (!finished)
        {
            // The answer first: everything else here can wait, and the reserve is only 100 ms.
            ErrorReport timeout = TimeoutReport(invocation);
            SendError(invocation, stream, timeout);
            Abandon(run);
            context.Cancel(); // in case the margin is shorter than the reserve
            context.Logger.LogError(timeout.ErrorMessage);
            if (afterResponse.Count > 0)
            {
                context.Logger.LogWarning($"{RuntimeErrorCodes.AfterResponseWorkFailed}: {afterResponse.Count} after-response work item(s) skipped: the invocation ran out of time.");
            }
            return;
        }

        if (!run.IsCompletedSuccessfully)
        {
            ErrorReport failure = ErrorReport.FromException(FailureOf(run));
            context.Logger.LogError($"{failure.ErrorType}: {failure.ErrorMessage}\n{string.Join("\n", failure.StackTrace)}");
            SendError(invocation, stream, failure);
        }
        else if (stream is not null)
        {
            stream.Seal();
            stream.Complete(null);
        }
        else if (run.Result.Length > options.MaxResponseBytes)
        {
            ErrorReport tooLarge = TooLargeReport(run.Result.Length);
            context.Logger.LogError(tooLarge.ErrorMessage);
            api.PostError(invocation, tooLarge);
        }
        else
        {
            api.PostResponse(invocation, run.Result, handler.ContentType);
        }

        RunAfterResponse(invocation, context, afterResponse);
        context.ReleaseCancellation();
    }

    /// <summary>
    /// Runs <paramref name="call"/> on the handler thread, so that a handler blocking synchronously cannot stop the
    /// loop from answering at the deadline. <see cref="Run"/> starts the thread before the first /next; a new one is
    /// started here after an abandoned call retired the last.
    /// </summary>
    private Task<T> OnHandlerThread<T>(Func<Task<T>> call) => (_handlerThread ??= HandlerThread.Start()).Run(call);

    /// <summary>Gives up on a call that ran out of time: its late outcome is observed and dropped.</summary>
    private void Abandon(Task call)
    {
        _ = call.ContinueWith(static t => _ = t.Exception, CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        if (_handlerThread is { IsBusy: true } stuck)
        {
            // Stuck in the call's synchronous part: the thread ends when the call returns; the next call gets a new one.
            stuck.Retire();
            _handlerThread = null;
        }
    }

    private static async Task<ReadOnlyMemory<byte>> StreamAsync(Func<ReadOnlyMemory<byte>, Stream, ILambdaContext, Task> streaming,
        ReadOnlyMemory<byte> body, Stream output, ILambdaContext context)
    {
        await streaming(body, output, context).ConfigureAwait(false);
        return default;
    }

    private void SendError(Invocation invocation, IStreamingResponse? stream, ErrorReport error)
    {
        if (stream is not null)
        {
            stream.Seal();
            if (stream.HasStarted)
            {
                stream.Complete(error);
                return;
            }
        }
        api.PostError(invocation, error);
    }

    /// <summary>
    /// The exception a faulted or cancelled task ended with, with its original stack trace (awaiting it again
    /// would append this method's frames).
    /// </summary>
    internal static Exception FailureOf(Task task)
    {
        if (task.Exception is { } aggregate)
        {
            return aggregate.InnerExceptions.Count == 1 ? aggregate.InnerExceptions[0] : aggregate;
        }
        try
        {
            task.GetAwaiter().GetResult(); // a cancelled task has no Exception: this yields its OperationCanceledException
            return new InvalidOperationException("The task did not fail.");
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    /// <summary>Waits for <paramref name="task"/> until <paramref name="moment"/>; true when it ended (in any state).</summary>
    private static bool WaitUntil(Task task, DateTimeOffset moment) =>
        Task.WhenAny(task).Wait(WaitTime.Until(moment));

    /// <summary>
    /// Runs queued after-response work in order before the next /next. Each item races the deadline (minus the
    /// reserve) like the handler; an item that throws is logged and the next one still runs.
    /// </summary>
    private void RunAfterResponse(Invocation invocation, LambdaContext context, IReadOnlyList<Func<CancellationToken, Task>> work)
    {
        for (int i = 0; i < work.Count; i++)
        {
            DateTimeOffset limit = invocation.Deadline - options.TimeoutReserve;
            if (limit <= DateTimeOffset.UtcNow)
            {
                context.Logger.LogWarning($"{RuntimeErrorCodes.AfterResponseWorkFailed}: {work.Count - i} after-response work item(s) skipped: the deadline has passed.");
                return;
            }
            Func<CancellationToken, Task> item = work[i];
            Task task = OnHandlerThread(async () =>
            {
                await item(context.CancellationToken).ConfigureAwait(false);
                return true;
            });
            if (!WaitUntil(task, limit))
            {
                Abandon(task);
                context.Logger.LogWarning($"{RuntimeErrorCodes.AfterResponseWorkFailed}: after-response work item {i + 1} did not finish before the deadline and was abandoned; {work.Count - i - 1} later item(s) skipped.");
                return;
            }
            if (!task.IsCompletedSuccessfully)
            {
                Exception error = FailureOf(task);
                context.Logger.LogError($"{RuntimeErrorCodes.AfterResponseWorkFailed}: after-response work item {i + 1} failed: {error.GetType().Name}: {error.Message}");
            }
        }
    }

    private ErrorReport TimeoutReport(Invocation invocation) => new(TimeoutErrorType,
        $"{RuntimeErrorCodes.Timeout}: Task timed out: the handler was still running {(int)options.TimeoutReserve.TotalMilliseconds} ms before the deadline " +
        $"(Unix ms {invocation.Deadline.ToUnixTimeMilliseconds()}), so LambdaSlim answered with this error and keeps the sandbox alive. Stop work when " +
        $"ILambdaContext.CancellationToken fires ({(int)options.DeadlineMargin.TotalMilliseconds} ms before the deadline) or raise the function timeout.",
        []);

    private ErrorReport TooLargeReport(int length) => new(ResponseTooLargeErrorType,
        $"{RuntimeErrorCodes.ResponseTooLarge}: the response is {length} bytes, more than Lambda's limit of {options.MaxResponseBytes} bytes (6 MB) " +
        "for a buffered response. Return less data, or stream it with LambdaRuntime.RunStreamingAsync (streamed responses may be far larger).",
        []);
}
