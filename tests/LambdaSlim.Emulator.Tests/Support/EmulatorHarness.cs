using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using LambdaSlim.Emulator.Faults;

namespace LambdaSlim.Emulator.Tests.Support;

/// <summary>An emulator running the test function, recording its output lines and events for assertions.</summary>
internal sealed class EmulatorHarness : IAsyncDisposable
{
    public ConcurrentQueue<FunctionOutputLine> Output { get; } = new();
    public ConcurrentQueue<EmulatorEvent> Events { get; } = new();
    public LambdaEmulator Emulator { get; }

    public EmulatorHarness(
        TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string>? environment = null,
        FaultPlan? faults = null,
        FunctionCommand? command = null,
        bool recordEvents = true,
        int maxConcurrency = 1,
        int memorySizeMb = 256)
    {
        Emulator = new LambdaEmulator(new EmulatorOptions
        {
            Command = command ?? TestFunction.Command(),
            FunctionName = "behaviors",
            MemorySizeMb = memorySizeMb,
            MaxConcurrency = maxConcurrency,
            Timeout = timeout ?? TimeSpan.FromSeconds(30),
            InitTimeout = TimeSpan.FromSeconds(30), // JIT start on a loaded 2-core machine
            Environment = environment ?? new Dictionary<string, string>(),
            Output = Output.Enqueue,
            Events = recordEvents ? Events.Enqueue : null,
            Faults = faults,
        });
    }

    public Task<InvocationResult> InvokeAsync(string json, InvokeOptions? options = null) =>
        Emulator.InvokeAsync(Encoding.UTF8.GetBytes(json), options);

    public static JsonElement Json(InvocationResult result) => JsonDocument.Parse(result.Payload).RootElement;

    public static JsonElement ErrorJson(InvocationResult result) => JsonDocument.Parse(result.ErrorDocument).RootElement;

    public string OutputText => string.Join('\n', Output.Select(l => l.Text));

    public ValueTask DisposeAsync() => Emulator.DisposeAsync();
}
