using LambdaSlim.Runtime.Api;
using LambdaSlim.Runtime.Logging;

namespace LambdaSlim.Runtime.Invocations;

/// <summary>
/// The process's life: initialise the handler (a failure goes to /init/error), then serve invocations until SIGTERM
/// or until the Runtime API is gone: one loop, or with <see cref="RuntimeOptions.MaxConcurrency"/> above 1 that many
/// (<see cref="ConcurrentLoops"/>). Returns the exit code, so tests can run it without ending the process.
/// It blocks the calling thread (Main's): the loop is synchronous by design, see HttpConnection.
/// </summary>
internal static class RuntimeHost
{
    public const int ExitInitFailed = 1;
    public const int ExitRuntimeApiUnreachable = 2;

    /// <param name="connect">Makes a Runtime API client with a connection of its own: one for init and the first
    /// loop, one more for each further loop.</param>
    public static int Run(Func<IRuntimeApiClient> connect, Func<Task<FunctionHandler>> initialize, RuntimeOptions options,
        FunctionEnvironment function, LogSink sink, CancellationToken stop)
    {
        var log = new LambdaLogger(sink, null);
        using IRuntimeApiClient api = connect();
        try
        {
            Exception? failure;
            Task<FunctionHandler>? init = null;
            try
            {
                init = initialize();
                Task.WhenAny(init).Wait();
                failure = init.IsCompletedSuccessfully ? null : InvocationLoop.FailureOf(init);
            }
            catch (Exception ex)
            {
                failure = ex; // thrown before the initializer returned a task
            }
            if (failure is not null)
            {
                ErrorReport report = ErrorReport.FromException(failure);
                log.LogCritical($"{RuntimeErrorCodes.InitFailed}: the function failed to initialise ({report.ErrorType}: {report.ErrorMessage}); reported to init/error, exiting with code {ExitInitFailed}.\n{string.Join("\n", report.StackTrace)}");
                api.PostInitError(report);
                return ExitInitFailed;
            }
            if (options.MaxConcurrency > 1)
            {
                return ConcurrentLoops.Run(api, connect, init!.Result, options, function, sink, stop);
            }
            new InvocationLoop(api, init!.Result, options, function, sink).Run(stop);
            return 0;
        }
        catch (RuntimeApiUnreachableException ex)
        {
            log.LogCritical(ex.Message);
            return ExitRuntimeApiUnreachable;
        }
    }
}
