using System.Collections.Concurrent;
using LambdaSlim.Core.Registry;

namespace LambdaSlim.Core.Tests.Registry.Ecr.Support;

/// <summary>Keeps every line, so tests can check what the user would see and grep it for secrets.</summary>
internal sealed class RecordingLog : IRegistryLog
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public void Info(string message) => Lines.Enqueue("info: " + message);

    public void Detail(string message) => Lines.Enqueue("detail: " + message);

    public void Warning(string message) => Lines.Enqueue("warning: " + message);

    public string All => string.Join('\n', Lines);
}
