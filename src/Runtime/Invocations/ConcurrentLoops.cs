using LambdaSlim.Runtime.Api;
using LambdaSlim.Runtime.Logging;

namespace LambdaSlim.Runtime.Invocations;

/// <summary>
/// Lambda Managed Instances: <see cref="RuntimeOptions.MaxConcurrency"/> independent loops, each waiting on GET /next
/// over its own keep-alive connection and calling the handler on its own handler thread, so handlers run
/// concurrently and one that blocks, throws or overruns its deadline holds up only its own loop. The first loop
/// runs on the calling thread with the client that initialised; the others on threads of their own.
/// Why threads and not tasks: the transport is blocking by design (see HttpConnection), and a blocked loop thread
/// costs nothing but its stack, while a thread-pool task that blocks starves every other invocation of the pool.
/// A loop that finds the Runtime API gone stops them all (each finishes the invocation in hand), and the process
/// exits as in sequential mode; so does SIGTERM.
/// </summary>
internal static class ConcurrentLoops
{
    public static int Run(IRuntimeApiClient first, Func<IRuntimeApiClient> connect, FunctionHandler handler, RuntimeOptions options,
        FunctionEnvironment function, LogSink sink, CancellationToken stop)
    {
        using var end = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var firstInvocation = new FirstInvocation();
        var log = new LambdaLogger(sink, null);
        int exitCode = 0;

        void Serve(IRuntimeApiClient api)
        {
            try
            {
                new InvocationLoop(api, handler, options, function, sink, firstInvocation).Run(end.Token);
            }
            catch (RuntimeApiUnreachableException ex)
            {
                if (Interlocked.CompareExchange(ref exitCode, RuntimeHost.ExitRuntimeApiUnreachable, 0) == 0)
                {
                    log.LogCritical(ex.Message);
                }
                end.Cancel();
            }
        }

        var others = new Thread[options.MaxConcurrency - 1];
        for (int i = 0; i < others.Length; i++)
        {
            IRuntimeApiClient api = connect();
            others[i] = new Thread(() =>
            {
                using (api)
                {
                    Serve(api);
                }
            })
            { IsBackground = true, Name = "LambdaSlim loop" };
            others[i].Start();
        }
        Serve(first);
        foreach (Thread other in others)
        {
            other.Join();
        }
        return exitCode;
    }
}
