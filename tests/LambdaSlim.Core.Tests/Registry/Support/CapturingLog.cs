using System.Collections.Concurrent;
using LambdaSlim.Core.Registry;

namespace LambdaSlim.Core.Tests.Registry.Support;

/// <summary>Keeps every log line so tests can search them (for progress, retries, and the absence of secrets).</summary>
internal sealed class CapturingLog : IRegistryLog
{
    private readonly ConcurrentQueue<string> _lines = new();

    public Action<string>? OnLine { get; set; }

    public IReadOnlyList<string> Lines => _lines.ToList();

    public void Info(string message) => Add("info: " + message);

    public void Detail(string message) => Add("detail: " + message);

    public void Warning(string message) => Add("warning: " + message);

    private void Add(string line)
    {
        _lines.Enqueue(line);
        OnLine?.Invoke(line);
    }
}
