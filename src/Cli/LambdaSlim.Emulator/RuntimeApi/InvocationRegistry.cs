using System.Collections.Concurrent;

namespace LambdaSlim.Emulator.RuntimeApi;

/// <summary>
/// Every invocation the emulator issued, so that a post naming one can be judged: current, already answered
/// (a duplicate), or never issued. Answered ids are kept as ids only (no payloads) for the emulator's life.
/// </summary>
internal sealed class InvocationRegistry
{
    private readonly ConcurrentDictionary<string, Invocation> _open = new();
    private readonly ConcurrentDictionary<string, bool> _answeredByFunction = new();

    public void Add(Invocation invocation) => _open[invocation.RequestId] = invocation;

    public void Retire(Invocation invocation)
    {
        _answeredByFunction[invocation.RequestId] = invocation.AnsweredByFunction;
        _open.TryRemove(invocation.RequestId, out _);
    }

    public Invocation? FindOpen(string requestId) => _open.GetValueOrDefault(requestId);

    /// <summary>Null when the id was never issued; otherwise whether the function itself had answered it.</summary>
    public bool? WasAnsweredByFunction(string requestId) =>
        _answeredByFunction.TryGetValue(requestId, out var byFunction) ? byFunction : null;
}
