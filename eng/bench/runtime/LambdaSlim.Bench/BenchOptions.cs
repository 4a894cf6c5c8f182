using System.Globalization;

namespace LambdaSlim.Bench;

/// <summary>The command line of the harness (see Program.cs for its shape).</summary>
internal sealed record BenchOptions(string EventFile, int ColdRuns, int Warmup, int Invokes,
    IReadOnlyList<FunctionUnderTest> Cold, IReadOnlyList<FunctionUnderTest> Warm, IReadOnlyList<FunctionUnderTest> Exit,
    IReadOnlyList<FunctionUnderTest> Throughput, IReadOnlyList<int> Concurrency, IReadOnlyList<FunctionUnderTest> Instructions,
    IReadOnlyList<FunctionUnderTest> Http, string HttpPath)
{
    public static BenchOptions Parse(string[] args)
    {
        string? eventFile = null;
        int coldRuns = 30, warmup = 200, invokes = 2000;
        var cold = new List<FunctionUnderTest>();
        var warm = new List<FunctionUnderTest>();
        var exit = new List<FunctionUnderTest>();
        var throughput = new List<FunctionUnderTest>();
        var instructions = new List<FunctionUnderTest>();
        var http = new List<FunctionUnderTest>();
        string httpPath = "/";
        var concurrency = new List<int> { 1, 8, 32 };
        for (int i = 0; i < args.Length; i++)
        {
            string value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--event": eventFile = value; break;
                case "--cold-runs": coldRuns = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--warmup": warmup = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--invokes": invokes = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--cold": cold.Add(FunctionUnderTest.Parse(value)); break;
                case "--warm": warm.Add(FunctionUnderTest.Parse(value)); break;
                case "--exit": exit.Add(FunctionUnderTest.Parse(value)); break;
                case "--throughput": throughput.Add(FunctionUnderTest.Parse(value)); break;
                case "--instructions": instructions.Add(FunctionUnderTest.Parse(value)); break;
                case "--http": http.Add(FunctionUnderTest.Parse(value)); break;
                case "--http-path": httpPath = value; break;
                case "--concurrency": concurrency = value.Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToList(); break;
                default: throw new ArgumentException($"Unknown option {args[i]}.");
            }
            i++;
        }
        if (eventFile is null || coldRuns < 1 || invokes < 1 || warmup < 0 || concurrency.Any(c => c < 1))
        {
            throw new ArgumentException("Usage: --event FILE [--cold-runs N] [--warmup N] [--invokes N] [--concurrency 1,8,32] " +
                "--cold SPEC… --warm SPEC… --exit SPEC… --throughput SPEC… --instructions SPEC… --http SPEC… [--http-path /], where SPEC is NAME=PROGRAM[,ARG…][|event=FILE][|env=VARIABLE=VALUE]");
        }
        return new BenchOptions(eventFile, coldRuns, warmup, invokes, cold, warm, exit, throughput, concurrency, instructions, http, httpPath);
    }
}
