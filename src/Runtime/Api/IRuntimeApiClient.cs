namespace LambdaSlim.Runtime.Api;

/// <summary>How a POST of a result ended.</summary>
internal enum PostOutcome
{
    /// <summary>The Runtime API answered 2xx.</summary>
    Accepted,
    /// <summary>The Runtime API answered with an error status (it saw the request; repeating cannot help).</summary>
    Rejected,
    /// <summary>The request was fully sent but no status came back; it is deliberately not repeated.</summary>
    Uncertain,
}

/// <summary>
/// The Runtime API as the invocation loop sees it: the seam that lets tests drive the loop without a server.
/// Implementations own retries; the loop never repeats a call. Each loop has its own client (and connection).
/// </summary>
internal interface IRuntimeApiClient : IDisposable
{
    /// <summary>
    /// Blocks until the next event (retrying transport failures; throws RuntimeApiUnreachableException at the
    /// limit, OperationCanceledException when <paramref name="stop"/> fires).
    /// </summary>
    Invocation Next(CancellationToken stop);

    PostOutcome PostResponse(Invocation invocation, ReadOnlyMemory<byte> body, string? contentType);

    PostOutcome PostError(Invocation invocation, ErrorReport error);

    PostOutcome PostInitError(ErrorReport error);

    /// <summary>A streamed response (of <paramref name="contentType"/>) whose request starts with the handler's first write.</summary>
    IStreamingResponse StartStreamingResponse(Invocation invocation, string contentType);
}

/// <summary>A response streamed as the handler writes (chunked POST, errors after the first byte as trailers).</summary>
internal interface IStreamingResponse
{
    /// <summary>The stream the handler writes to; writes after <see cref="Seal"/> fail.</summary>
    Stream Body { get; }

    /// <summary>True once the request head went out: from then on errors must travel as trailers.</summary>
    bool HasStarted { get; }

    /// <summary>Waits for a write in progress, then refuses further writes (the handler is done or abandoned).</summary>
    void Seal();

    /// <summary>Ends the response: the final chunk, with error trailers when <paramref name="error"/> is set
    /// (only valid when <see cref="HasStarted"/>; otherwise post the error normally). Starts an empty response
    /// when nothing was written.</summary>
    PostOutcome Complete(ErrorReport? error);
}

/// <summary>The Runtime API failed too many times in a row; the process should exit non-zero.</summary>
internal sealed class RuntimeApiUnreachableException(string message) : Exception(message);
