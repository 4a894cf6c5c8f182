// The runtime client's timing benchmarks. run.sh builds the function variants and passes them here:
//   LambdaSlim.Bench --event FILE [--cold-runs 30] [--warmup 200] [--invokes 2000] [--concurrency 1,8,32]
//                    --cold SPEC…  --warm SPEC…  --exit SPEC…  --throughput SPEC…  --instructions SPEC…
//                    --http SPEC… [--http-path /]
//   SPEC = NAME=PROGRAM[,ARG…][|event=FILE][|env=VARIABLE=VALUE]   (event: instead of --event's)
// --cold: spawn → first /response; --warm: sequential invokes through the emulator; --exit: spawn → exit of a
// program that speaks no Runtime API (the start-up floor of its runtime); --throughput: invokes through the
// emulator with the environment serving 1, 8, 32… at once (Managed Instances); --instructions: instructions executed
// under valgrind's callgrind (start-up, first invocation), which the machine's load does not change; --http: spawn →
// first answered HTTP request of a server (Kestrel), "{port}" in its arguments and env values replaced by a free port. The first program of each list is
// the reference for the ratio columns (the C baseline). A cold build whose first response carries phase stamps
// (headers "x-phase-NAME": Stopwatch timestamps, see Typed/Program.cs) also gets a per-phase table. Prints markdown
// tables on stdout and asserts no timing: the figures depend on the machine and its load, printed beside them.
using System.Globalization;
using LambdaSlim.Bench;

var options = BenchOptions.Parse(args);

if (options.Cold.Count > 0)
{
    string loadBefore = LoadAverage();
    var samples = options.Cold.ToDictionary(f => f, _ => new List<ColdStartSample>());
    using (var server = new ColdStartServer(options.EventFile))
    {
        foreach (var function in options.Cold)
        {
            server.TimeColdStart(function); // not recorded: brings the files into the page cache
        }
        // Round robin, so a burst of load from the rest of the machine hits every build alike.
        for (int run = 0; run < options.ColdRuns; run++)
        {
            foreach (var function in options.Cold)
            {
                samples[function].Add(server.TimeColdStart(function));
            }
        }
    }
    Console.WriteLine($"### Spawn → first /response, {options.ColdRuns} cold starts per build (interleaved)");
    Console.WriteLine();
    Console.WriteLine($"Load average (1/5/15 min) before: {loadBefore}; after: {LoadAverage()}.");
    Console.WriteLine();
    Console.WriteLine("| build | spawn → first /next, median (ms) | spawn → first /response, median (ms) | /next → /response, median (ms) | p90 (ms) | min (ms) | median ÷ reference | CPU time to first /response, median (ms) | CPU ÷ reference | threads at first /response | page faults by first /next, median | page faults /next → /response, median |");
    Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    double reference = new Percentiles(samples[options.Cold[0]].Select(s => s.ToFirstResponse)).Median;
    double cpuReference = new Percentiles(samples[options.Cold[0]].Select(s => s.CpuToFirstResponse)).Median;
    foreach (var function in options.Cold)
    {
        var next = new Percentiles(samples[function].Select(s => s.ToFirstNext));
        var response = new Percentiles(samples[function].Select(s => s.ToFirstResponse));
        var cpu = new Percentiles(samples[function].Select(s => s.CpuToFirstResponse));
        var invoke = new Percentiles(samples[function].Select(s => s.ToFirstResponse - s.ToFirstNext));
        long faultsAtNext = Median(samples[function].Select(s => s.PageFaultsAtNext));
        long faultsAfterNext = Median(samples[function].Select(s => s.PageFaults - s.PageFaultsAtNext));
        Console.WriteLine($"| {function.Name} | {Ms(next.Median)} | {Ms(response.Median)} | {Ms(invoke.Median)} | {Ms(response.At(90))} | {Ms(response.Min)} | {Ratio(response.Median, reference)} | {Ms(cpu.Median)} | {Ratio(cpu.Median, cpuReference)} | {samples[function].Max(s => s.Threads)} | {faultsAtNext} | {faultsAfterNext} |");
    }
    Console.WriteLine();
    foreach (var function in options.Cold.Where(f => PhaseStamps.Read(samples[f][0].Response) is not null))
    {
        PhaseStamps.PrintTable(function.Name, samples[function]);
    }
}

if (options.Exit.Count > 0)
{
    string loadBefore = LoadAverage();
    var samples = options.Exit.ToDictionary(p => p, _ => new List<TimeSpan>());
    foreach (var program in options.Exit)
    {
        SpawnToExit.Time(program); // not recorded: page cache
    }
    for (int run = 0; run < options.ColdRuns; run++)
    {
        foreach (var program in options.Exit)
        {
            samples[program].Add(SpawnToExit.Time(program));
        }
    }
    Console.WriteLine($"### Spawn → exit of programs without a runtime client (start-up floor), {options.ColdRuns} runs each (interleaved)");
    Console.WriteLine();
    Console.WriteLine($"Load average (1/5/15 min) before: {loadBefore}; after: {LoadAverage()}.");
    Console.WriteLine();
    Console.WriteLine("| program | median (ms) | p90 (ms) | min (ms) | median ÷ reference |");
    Console.WriteLine("|---|---:|---:|---:|---:|");
    double reference = new Percentiles(samples[options.Exit[0]]).Median;
    foreach (var program in options.Exit)
    {
        var times = new Percentiles(samples[program]);
        Console.WriteLine($"| {program.Name} | {Ms(times.Median)} | {Ms(times.At(90))} | {Ms(times.Min)} | {Ratio(times.Median, reference)} |");
    }
    Console.WriteLine();
}

if (options.Http.Count > 0)
{
    string loadBefore = LoadAverage();
    var samples = options.Http.ToDictionary(p => p, _ => new List<TimeSpan>());
    foreach (var server in options.Http)
    {
        SpawnToHttpResponse.Time(server, options.HttpPath); // not recorded: page cache
    }
    for (int run = 0; run < options.ColdRuns; run++)
    {
        foreach (var server in options.Http)
        {
            samples[server].Add(SpawnToHttpResponse.Time(server, options.HttpPath));
        }
    }
    Console.WriteLine($"### Spawn → first answered HTTP request (GET {options.HttpPath}) of servers, {options.ColdRuns} starts each (interleaved)");
    Console.WriteLine();
    Console.WriteLine($"Load average (1/5/15 min) before: {loadBefore}; after: {LoadAverage()}.");
    Console.WriteLine();
    Console.WriteLine("| server | median (ms) | p90 (ms) | min (ms) |");
    Console.WriteLine("|---|---:|---:|---:|");
    foreach (var server in options.Http)
    {
        var times = new Percentiles(samples[server]);
        Console.WriteLine($"| {server.Name} | {Ms(times.Median)} | {Ms(times.At(90))} | {Ms(times.Min)} |");
    }
    Console.WriteLine();
}

if (options.Warm.Count > 0)
{
    string loadBefore = LoadAverage();
    var environments = new List<WarmEnvironment>();
    try
    {
        foreach (var function in options.Warm)
        {
            environments.Add(await WarmEnvironment.StartAsync(function, function.Event(options.EventFile), options.Warmup));
        }
        // Rounds in turn (every build idles in GET /next meanwhile), so load changes hit every build alike.
        const int Rounds = 4;
        for (int round = 0; round < Rounds; round++)
        {
            foreach (var environment in environments)
            {
                await environment.RunRoundAsync(options.Invokes / Rounds + (round < options.Invokes % Rounds ? 1 : 0));
            }
        }
    }
    finally
    {
        foreach (var environment in environments)
        {
            await environment.DisposeAsync();
        }
    }
    var results = environments.Select(e => (e.Function, RoundTrips: new Percentiles(e.RoundTrips),
        PerSecond: e.RoundTrips.Count / e.Elapsed.TotalSeconds, CpuPerInvoke: e.FunctionCpu.TotalMilliseconds / e.RoundTrips.Count)).ToList();
    Console.WriteLine($"### Warm invoke round trip through the emulator, {options.Invokes} sequential invokes per build (4 interleaved rounds) after {options.Warmup} warm-up");
    Console.WriteLine();
    Console.WriteLine($"Load average (1/5/15 min) before: {loadBefore}; after: {LoadAverage()}.");
    Console.WriteLine();
    Console.WriteLine("| build | p50 (µs) | p99 (µs) | mean (µs) | invokes/s | p50 ÷ reference | function CPU per invoke (µs) |");
    Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
    double reference = results[0].RoundTrips.Median;
    foreach (var (function, roundTrips, perSecond, cpuPerInvoke) in results)
    {
        Console.WriteLine($"| {function.Name} | {Us(roundTrips.Median)} | {Us(roundTrips.At(99))} | {Us(roundTrips.Mean)} | {perSecond.ToString("F0", CultureInfo.InvariantCulture)} | {Ratio(roundTrips.Median, reference)} | {Us(cpuPerInvoke)} |");
    }
    Console.WriteLine();
}

if (options.Throughput.Count > 0)
{
    string loadBefore = LoadAverage();
    var rows = new List<(string Name, int Concurrency, Percentiles RoundTrips, double PerSecond, double CpuPerInvoke)>();
    foreach (int concurrency in options.Concurrency)
    {
        foreach (var function in options.Throughput)
        {
            // A fresh environment per setting: the function reads AWS_LAMBDA_MAX_CONCURRENCY at start.
            await using var environment = await WarmEnvironment.StartAsync(function, function.Event(options.EventFile), options.Warmup, concurrency);
            await environment.RunConcurrentAsync(options.Invokes, concurrency);
            rows.Add((function.Name, concurrency, new Percentiles(environment.RoundTrips), environment.RoundTrips.Count / environment.Elapsed.TotalSeconds,
                environment.FunctionCpu.TotalMilliseconds / environment.RoundTrips.Count));
        }
    }
    Console.WriteLine($"### Warm throughput through the emulator with the environment serving N invocations at once (AWS_LAMBDA_MAX_CONCURRENCY=N, N callers), {options.Invokes} invokes per row after {options.Warmup} warm-up");
    Console.WriteLine();
    Console.WriteLine($"Load average (1/5/15 min) before: {loadBefore}; after: {LoadAverage()}.");
    Console.WriteLine();
    Console.WriteLine("| build | N | invokes/s | p50 (µs) | p99 (µs) | function CPU per invoke (µs) |");
    Console.WriteLine("|---|---:|---:|---:|---:|---:|");
    foreach (var (name, concurrency, roundTrips, perSecond, cpuPerInvoke) in rows)
    {
        Console.WriteLine($"| {name} | {concurrency} | {perSecond.ToString("F0", CultureInfo.InvariantCulture)} | {Us(roundTrips.Median)} | {Us(roundTrips.At(99))} | {Us(cpuPerInvoke)} |");
    }
    Console.WriteLine();
}

if (options.Instructions.Count > 0)
{
    string work = Directory.CreateTempSubdirectory("lambdaslim-callgrind-").FullName;
    try
    {
        using var server = new ColdStartServer(options.EventFile);
        Console.WriteLine("### Instructions executed (valgrind --tool=callgrind, user space: dynamic loader, libc and the program; the load does not change them)");
        Console.WriteLine();
        Console.WriteLine("| build | start-up: exec → first GET /next (+ the exit on SIGTERM) | first invocation: /next → /response → next /next |");
        Console.WriteLine("|---|---:|---:|");
        foreach (var function in options.Instructions)
        {
            var (init, withFirstInvoke) = server.CountInstructions(function, work);
            Console.WriteLine($"| {function.Name} | {init.ToString("N0", CultureInfo.InvariantCulture)} | {(withFirstInvoke - init).ToString("N0", CultureInfo.InvariantCulture)} |");
        }
        Console.WriteLine();
    }
    finally
    {
        Directory.Delete(work, recursive: true);
    }
}

static long Median(IEnumerable<long> values)
{
    long[] sorted = values.Order().ToArray();
    return sorted[(sorted.Length - 1) / 2];
}

static string Ms(double milliseconds) => milliseconds.ToString("F2", CultureInfo.InvariantCulture);

static string Us(double milliseconds) => (milliseconds * 1000).ToString("F0", CultureInfo.InvariantCulture);

static string Ratio(double value, double reference) => (value / reference).ToString("F2", CultureInfo.InvariantCulture) + "×";

static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
