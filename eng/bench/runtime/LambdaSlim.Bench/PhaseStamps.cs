using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace LambdaSlim.Bench;

/// <summary>
/// Where a cold start's time goes, from stamps the function itself takes (Stopwatch timestamps: CLOCK_MONOTONIC
/// nanoseconds on Linux, the clock the harness reads too) and returns as "x-phase-NAME" headers of its first
/// response (the typed sample built with BenchPhases=true), placed between the harness's own moments: the spawn,
/// the arrival of GET /next, the arrival of POST /response.
/// </summary>
internal static class PhaseStamps
{
    /// <summary>The stamps the function took, in the order it takes them.</summary>
    private static readonly string[] Names = ["main", "metadata", "handler", "handlerDone"];

    /// <summary>The stamps in a response body, or null when it carries none.</summary>
    public static IReadOnlyDictionary<string, long>? Read(byte[] response)
    {
        try
        {
            using var document = JsonDocument.Parse(response);
            if (!document.RootElement.TryGetProperty("headers", out var headers) || headers.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
            var stamps = new Dictionary<string, long>();
            foreach (string name in Names)
            {
                if (!headers.TryGetProperty("x-phase-" + name, out var value))
                {
                    return null;
                }
                stamps[name] = long.Parse(value.GetString()!, CultureInfo.InvariantCulture);
            }
            return stamps;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static void PrintTable(string build, IReadOnlyList<ColdStartSample> samples)
    {
        if (Stopwatch.Frequency != 1_000_000_000)
        {
            throw new InvalidOperationException("Phase stamps need Stopwatch ticks in nanoseconds (CLOCK_MONOTONIC on Linux).");
        }
        var phases = new (string Name, string What, Func<ColdStartSample, IReadOnlyDictionary<string, long>, long> Ticks)[]
        {
            ("runtime start", "spawn → first line of Main: exec, dynamic loader, relocations, .NET runtime init", (s, p) => p["main"] - s.Spawn),
            ("JSON metadata", "Main → the two JsonTypeInfo built (source-generated context, options, properties)", (s, p) => p["metadata"] - p["main"]),
            ("client setup", "→ GET /next arrived: environment, GC limit, SIGTERM, socket, first request", (s, p) => s.NextArrived - p["metadata"]),
            ("event to handler", "/next arrived → handler entered: event sent, read, parsed, context, handler thread, deserialised", (s, p) => p["handler"] - s.NextArrived),
            ("handler", "the handler's own code", (s, p) => p["handlerDone"] - p["handler"]),
            ("answer", "handler returned → POST /response arrived: serialised, written, read", (s, p) => s.Spawn + (long)(s.ToFirstResponse.TotalMilliseconds * 1e6) - p["handlerDone"]),
        };
        var stamped = samples.Select(s => (Sample: s, Stamps: Read(s.Response)!)).ToList();
        Console.WriteLine($"### Where the cold start of \"{build}\" goes, median of {stamped.Count} starts");
        Console.WriteLine();
        Console.WriteLine("| phase | what it covers | median (ms) | p90 (ms) |");
        Console.WriteLine("|---|---|---:|---:|");
        foreach (var (name, what, ticks) in phases)
        {
            var durations = new Percentiles(stamped.Select(x => TimeSpan.FromTicks(ticks(x.Sample, x.Stamps) / 100)));
            Console.WriteLine($"| {name} | {what} | {durations.Median.ToString("F3", CultureInfo.InvariantCulture)} | {durations.At(90).ToString("F3", CultureInfo.InvariantCulture)} |");
        }
        Console.WriteLine();
    }
}
