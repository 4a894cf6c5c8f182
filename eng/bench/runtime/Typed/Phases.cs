using System.Diagnostics;
using System.Globalization;

/// <summary>
/// Cold-start phase stamps for eng/bench/runtime (LambdaSlim.Bench/PhaseStamps.cs reads them): Stopwatch timestamps
/// returned as "x-phase-NAME" response headers. Only a build with -p:BenchPhases=true takes them; in any other build
/// the compiler drops every call, so the timed function is the sample as written.
/// </summary>
internal static class Phases
{
    private static readonly Dictionary<string, long> Stamps = [];

    [Conditional("BENCH_PHASES")]
    public static void Stamp(string name) => Stamps[name] = Stopwatch.GetTimestamp();

    [Conditional("BENCH_PHASES")]
    public static void AddTo(Dictionary<string, string> headers)
    {
        foreach (var (name, timestamp) in Stamps)
        {
            headers["x-phase-" + name] = timestamp.ToString(CultureInfo.InvariantCulture);
        }
    }
}
