using System.Text;
using LambdaSlim.Core.Publishing;
using LambdaSlim.Emulator;

namespace LambdaSlim.Sdk.Tests.Infrastructure;

/// <summary>
/// Runs a published <c>bootstrap</c> as Lambda would, through the Runtime API emulator: natively for x86_64 and
/// under <c>qemu-aarch64-static</c> with the arm64 sysroot for arm64 on an x86_64 machine.
/// </summary>
public static class FunctionInvoker
{
    public static FunctionCommand CommandFor(string bootstrap, string architecture)
    {
        var directory = Path.GetDirectoryName(bootstrap)!;
        var host = LambdaArchitecture.Host?.Name;
        if (architecture == host)
        {
            return new FunctionCommand(bootstrap, [], directory);
        }

        if (architecture == "arm64")
        {
            return new FunctionCommand("qemu-aarch64-static", ["-L", LambdaSlim.Emulator.Local.HostTools.Arm64LibraryRoot, bootstrap], directory);
        }

        throw new InvalidOperationException($"Cannot run {architecture} binaries on a {host} machine here.");
    }

    public static LambdaEmulator Start(string bootstrap, string architecture, TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string>? environment = null, List<string>? output = null) =>
        new(new EmulatorOptions
        {
            Command = CommandFor(bootstrap, architecture),
            FunctionName = "lambdaslim-test",
            Timeout = timeout ?? TimeSpan.FromSeconds(30),
            // qemu needs a moment to start an emulated process.
            InitTimeout = TimeSpan.FromSeconds(30),
            TaskRoot = Path.GetDirectoryName(bootstrap),
            Environment = environment ?? new Dictionary<string, string>(),
            Output = output is null ? null : line => { lock (output) { output.Add(line.Text); } },
        });

    /// <summary>Starts the function, sends one event and returns the result.</summary>
    public static async Task<InvocationResult> InvokeOnceAsync(string bootstrap, string architecture, string payload,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var emulator = Start(bootstrap, architecture, environment: environment);
        try
        {
            // Bounded: a stuck function must fail its test, never stall the suite.
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            return await emulator.InvokeAsync(Encoding.UTF8.GetBytes(payload), null, bound.Token);
        }
        finally
        {
            await Task.WhenAny(emulator.DisposeAsync().AsTask(), Task.Delay(TimeSpan.FromSeconds(30)));
        }
    }
}
