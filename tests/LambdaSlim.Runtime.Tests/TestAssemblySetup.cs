using System.Runtime.CompilerServices;

namespace LambdaSlim.Runtime.Tests;

internal static class TestAssemblySetup
{
    /// <summary>
    /// The runtime client blocks threads by design (one process, one invocation at a time), and tests run
    /// many clients, servers and deliberately sleeping handlers in parallel. Without spare pool threads the
    /// pool's slow growth would distort the deadline timings the tests measure.
    /// </summary>
    [ModuleInitializer]
    internal static void ProvideEnoughPoolThreads() => ThreadPool.SetMinThreads(64, 64);
}
