using LambdaSlim.Runtime;

namespace LambdaSlim.AspNetCore.Hosting;

/// <summary>The baked-in runtime client's loop against the Lambda Runtime API.</summary>
internal sealed class LambdaRuntimeLoop : IRuntimeLoop
{
    public static readonly LambdaRuntimeLoop Instance = new();

    private LambdaRuntimeLoop()
    {
    }

    // The raw entry points serve on the calling thread and return a completed task when they stop.
    public void Run(Func<ReadOnlyMemory<byte>, ILambdaContext, Task<ReadOnlyMemory<byte>>> handler, CancellationToken stop) =>
        LambdaRuntime.RunAsync(handler, stop).GetAwaiter().GetResult();

    public void RunStreaming(Func<ReadOnlyMemory<byte>, Stream, ILambdaContext, Task> handler, string contentType, CancellationToken stop) =>
        LambdaRuntime.RunStreamingAsync(handler, contentType, stop).GetAwaiter().GetResult();
}
