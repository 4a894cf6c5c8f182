namespace LambdaSlim.Emulator.Tests.EndToEnd;

/// <summary>
/// Tests that run the real test function share one collection, and it runs alone (after the other test classes,
/// not beside them): several JIT processes, or the protocol tests' servers, competing for a 2-core machine would
/// eat into the 100 ms the client keeps in reserve to answer a timeout, and into the chunk timings of streaming.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FunctionProcessCollection
{
    public const string Name = "function processes";
}
