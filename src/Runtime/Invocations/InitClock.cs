using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace LambdaSlim.Runtime.Invocations;

/// <summary>
/// When the process started, as close as a library can tell: the module initializer runs at start-up under
/// NativeAOT and on first use of this assembly under JIT. ILambdaContext.SinceInit reads it.
/// </summary>
internal static class InitClock
{
    private static long s_start = Stopwatch.GetTimestamp();

    public static TimeSpan SinceInit => Stopwatch.GetElapsedTime(s_start);

#pragma warning disable CA2255 // Deliberate: the point is to stamp the time before user code runs.
    [ModuleInitializer]
    internal static void Stamp() => s_start = Stopwatch.GetTimestamp();
#pragma warning restore CA2255
}
