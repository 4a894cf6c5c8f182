namespace LambdaSlim.Emulator.Tests.EndToEnd;

/// <summary>
/// Tests that run the real test function share one collection so they do not run at the same time: several JIT
/// processes starting at once on a 2-core machine would eat into the few seconds the timeout tests allow.
/// </summary>
[CollectionDefinition(Name)]
public sealed class FunctionProcessCollection
{
    public const string Name = "function processes";
}
