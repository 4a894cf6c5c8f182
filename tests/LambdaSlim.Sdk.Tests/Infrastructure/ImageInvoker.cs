using LambdaSlim.Core.Publishing;
using LambdaSlim.Emulator;
using LambdaSlim.Emulator.Local;

namespace LambdaSlim.Sdk.Tests.Infrastructure;

/// <summary>What one invoke of an image answered, with the sandbox command and the function's output for messages.</summary>
public sealed record ImageInvocation(InvocationResult Result, string Command, string Output)
{
    public override string ToString() => $"{Result.Status} {Result.ErrorDocumentText}\n{Command}\n{Output}";
}

/// <summary>
/// Runs a published image's own root filesystem as `lambdaslim invoke` does, and so as Lambda runs a function: bwrap
/// with a read-only root, fresh /proc, /dev and a private /tmp, uid 993, the host's loopback, nothing of this
/// machine's libraries (arm64 through qemu-aarch64-static bound into the sandbox).
/// </summary>
public static class ImageInvoker
{
    public static async Task<ImageInvocation> InvokeOnceAsync(string image, string architecture, string cacheRoot, string payload,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        await using var session = Start(image, architecture, cacheRoot, environment);
        return await session.InvokeAsync(payload);
    }

    /// <summary>
    /// Starts an emulator for the image: its process serves one invoke after the other (or <paramref name="maxConcurrency"/>
    /// at once), as one Lambda execution environment does.
    /// </summary>
    public static ImageSession Start(string image, string architecture, string cacheRoot,
        IReadOnlyDictionary<string, string>? environment = null, int maxConcurrency = 1)
    {
        var function = LocalFunction.Prepare(image, new LocalRunOptions
        {
            Architecture = LambdaArchitecture.FromName(architecture),
            CacheRoot = cacheRoot,
        });
        var lines = new List<string>();
        var options = function.ToEmulatorOptions(environment ?? new Dictionary<string, string>(), TimeSpan.FromSeconds(60),
            line => { lock (lines) { lines.Add(line.Text); } });
        return new ImageSession(new LambdaEmulator(options with { MaxConcurrency = maxConcurrency }), function.Command.ToString()!, lines);
    }
}
