using LambdaSlim.Runtime;

namespace LambdaSlim.AspNetCore.Hosting;

/// <summary>
/// Where invocations come from: the runtime client's loop in Lambda (<see cref="LambdaRuntimeLoop"/>). Both calls
/// block until <c>stop</c> fires (or SIGTERM), calling the handler once per invocation, concurrently on Lambda
/// Managed Instances. A seam so that tests drive the server's translation with events of their own.
/// </summary>
internal interface IRuntimeLoop
{
    void Run(Func<ReadOnlyMemory<byte>, ILambdaContext, Task<ReadOnlyMemory<byte>>> handler, CancellationToken stop);

    void RunStreaming(Func<ReadOnlyMemory<byte>, Stream, ILambdaContext, Task> handler, string contentType, CancellationToken stop);
}
