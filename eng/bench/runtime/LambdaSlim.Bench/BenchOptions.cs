using System.Globalization;

namespace LambdaSlim.Bench;

/// <summary>The command line of the harness (see Program.cs for its shape).</summary>
internal sealed record BenchOptions(string EventFile, int ColdRuns, int Warmup, int Invokes,
    IReadOnlyList<FunctionUnderTest> Cold, IReadOnlyList<FunctionUnderTest> Warm, IReadOnlyList<FunctionUnderTest> Exit)
{
    public static BenchOptions Parse(string[] args)
    {
        string? eventFile = null;
        int coldRuns = 30, warmup = 200, invokes = 2000;
        var cold = new List<FunctionUnderTest>();
        var warm = new List<FunctionUnderTest>();
        var exit = new List<FunctionUnderTest>();
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
                default: throw new ArgumentException($"Unknown option {args[i]}.");
            }
            i++;
        }
        if (eventFile is null || coldRuns < 1 || invokes < 1 || warmup < 0)
        {
            throw new ArgumentException("Usage: --event FILE [--cold-runs N] [--warmup N] [--invokes N] --cold NAME=PROGRAM[,ARG…]… --warm NAME=PROGRAM[,ARG…]… --exit NAME=PROGRAM[,ARG…]…");
        }
        return new BenchOptions(eventFile, coldRuns, warmup, invokes, cold, warm, exit);
    }
}
