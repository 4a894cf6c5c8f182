using System.Runtime.CompilerServices;

// The loop sets _X_AMZN_TRACE_ID for each invocation, as Lambda's own runtimes do: the variable is process-wide,
// so test classes that run loops must not run at the same time (the whole assembly takes seconds anyway).
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace LambdaSlim.Runtime.Tests;

internal static class TestAssemblySetup
{
    /// <summary>
    /// The runtime client blocks threads by design (one process, one invocation at a time), and tests run
    /// many clients, servers and deliberately sleeping handlers. Without spare pool threads the pool's slow
    /// growth would distort the deadline timings the tests measure.
    /// </summary>
    [ModuleInitializer]
    internal static void ProvideEnoughPoolThreads() => ThreadPool.SetMinThreads(64, 64);
}
