using LambdaSlim.Emulator;

namespace LambdaSlim.Sdk.Tests.Infrastructure;

/// <summary>One image's running execution environment (see <see cref="ImageInvoker.Start"/>); disposing stops it.</summary>
public sealed class ImageSession(LambdaEmulator emulator, string command, List<string> lines) : IAsyncDisposable
{
    /// <summary>Everything the function wrote so far.</summary>
    public string Output
    {
        get
        {
            lock (lines)
            {
                return string.Join('\n', lines);
            }
        }
    }

    public async Task<ImageInvocation> InvokeAsync(string payload)
    {
        // Bounded: a stuck function must fail its test, never stall the suite.
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        var result = await emulator.InvokeAsync(System.Text.Encoding.UTF8.GetBytes(payload), null, bound.Token);
        return new ImageInvocation(result, command, Output);
    }

    public async ValueTask DisposeAsync() =>
        // Never let a stuck sandbox hold the suite: bound the shutdown too.
        await Task.WhenAny(emulator.DisposeAsync().AsTask(), Task.Delay(TimeSpan.FromSeconds(30)));
}
