using LambdaSlim.Emulator.Faults;

namespace LambdaSlim.Emulator;

/// <summary>
/// The function's configuration as Lambda would hold it, plus emulator-only knobs (fault plan, hooks).
/// Defaults follow Lambda's (memory 128 MB, region us-east-1) and the AWS emulator's (timeout 300 s).
/// </summary>
public sealed record EmulatorOptions
{
    public required FunctionCommand Command { get; init; }

    /// <summary>AWS_LAMBDA_FUNCTION_NAME and the last part of the invoked function ARN.</summary>
    public string FunctionName { get; init; } = "function";

    /// <summary>AWS_LAMBDA_FUNCTION_MEMORY_SIZE (Lambda allows 128–10240).</summary>
    public int MemorySizeMb { get; init; } = 128;

    public string Region { get; init; } = "us-east-1";

    /// <summary>Invoke deadline = now + timeout; after it the emulator answers a timeout and kills the process.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>
    /// Invocations the environment serves at once. 1 (the default) is the classic sandbox: one invocation at a time,
    /// and a timed-out invocation costs the process. Above 1 it emulates Lambda Managed Instances: the function gets
    /// AWS_LAMBDA_MAX_CONCURRENCY, up to this many invokes are delivered at once (more wait for a free slot), and a
    /// timed-out invocation is answered to its caller while the process keeps serving the others (a late answer
    /// for it is refused with 410 Gone).
    /// </summary>
    public int MaxConcurrency { get; init; } = 1;

    /// <summary>Longest wait for the process to reach its first GET /next (Lambda: 10 s for on-demand init).</summary>
    public TimeSpan InitTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>_HANDLER. Custom runtimes may ignore it.</summary>
    public string Handler { get; init; } = "bootstrap";

    /// <summary>LAMBDA_TASK_ROOT; by default the command's working directory.</summary>
    public string? TaskRoot { get; init; }

    /// <summary>User variables (Lambda's function environment). They override the defaults, except
    /// AWS_LAMBDA_RUNTIME_API which always points at this emulator.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Receives each line the function writes on stdout or stderr (the CLI prints them on stderr).</summary>
    public Action<FunctionOutputLine>? Output { get; init; }

    /// <summary>Receives what happens inside the emulator (process starts, deliveries, answers, faults), in order.</summary>
    public Action<EmulatorEvent>? Events { get; init; }

    /// <summary>Faults to inject into the Runtime API (tests only); null injects none.</summary>
    public FaultPlan? Faults { get; init; }
}
