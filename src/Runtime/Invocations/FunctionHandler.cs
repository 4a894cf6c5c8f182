namespace LambdaSlim.Runtime.Invocations;

/// <summary>
/// The user's handler reduced to bytes: either buffered (event bytes → response bytes) or streaming (event
/// bytes → writes to a stream). Streaming is a variant of the response, not a second loop.
/// </summary>
internal sealed class FunctionHandler
{
    private FunctionHandler(Func<ReadOnlyMemory<byte>, ILambdaContext, Task<ReadOnlyMemory<byte>>>? buffered,
        Func<ReadOnlyMemory<byte>, Stream, ILambdaContext, Task>? streaming, string? contentType)
    {
        Buffered = buffered;
        Streaming = streaming;
        ContentType = contentType;
    }

    public Func<ReadOnlyMemory<byte>, ILambdaContext, Task<ReadOnlyMemory<byte>>>? Buffered { get; }
    public Func<ReadOnlyMemory<byte>, Stream, ILambdaContext, Task>? Streaming { get; }
    /// <summary>
    /// Content-Type of the response: application/json for typed handlers, none for raw bytes (buffered), the host's
    /// choice for a stream (application/octet-stream unless it says otherwise).
    /// </summary>
    public string? ContentType { get; }

    public static FunctionHandler ForBuffered(Func<ReadOnlyMemory<byte>, ILambdaContext, Task<ReadOnlyMemory<byte>>> handler,
        string? contentType) => new(handler, null, contentType);

    public static FunctionHandler ForStreaming(Func<ReadOnlyMemory<byte>, Stream, ILambdaContext, Task> handler,
        string contentType = StreamContentType) => new(null, handler, contentType);

    /// <summary>What a stream is when the handler does not say: bytes.</summary>
    public const string StreamContentType = "application/octet-stream";
}
