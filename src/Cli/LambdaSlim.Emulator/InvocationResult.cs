using System.Text;

namespace LambdaSlim.Emulator;

public enum InvocationStatus
{
    /// <summary>The function posted a response (buffered or streamed without error).</summary>
    Success,

    /// <summary>The function posted an error (handler exception, its own timeout report, oversized response,
    /// or an error trailer after streaming started).</summary>
    FunctionError,

    /// <summary>The deadline passed without an answer: the emulator answered a timeout and killed the process.</summary>
    Timeout,

    /// <summary>The process posted /init/error, exited or hung before its first GET /next. Answered 502.</summary>
    InitError,

    /// <summary>The process exited while the invocation was open (Runtime.ExitError); the next invoke restarts it.</summary>
    ProcessExited,
}

/// <summary>The outcome of one invoke, as the caller of Lambda would see it plus the emulator's observations.</summary>
public sealed record InvocationResult
{
    public required string RequestId { get; init; }

    public required InvocationStatus Status { get; init; }

    /// <summary>The response body on success; for a stream that failed, the bytes that were streamed first.</summary>
    public ReadOnlyMemory<byte> Payload { get; init; }

    /// <summary>The error document (<c>{"errorMessage","errorType",…}</c>) for any status but Success.</summary>
    public ReadOnlyMemory<byte> ErrorDocument { get; init; }

    public string? ErrorType { get; init; }

    /// <summary>The function answered in streaming mode.</summary>
    public bool IsStreamed { get; init; }

    /// <summary>
    /// The Content-Type the function posted its response with (null when it sent none, or posted an error); a stream of
    /// <c>application/vnd.awslambda.http-integration-response</c> starts with an HTTP prelude a function URL reads.
    /// </summary>
    public string? ContentType { get; init; }

    /// <summary>This invoke was the first one served by its process (it was started or init ran for it).</summary>
    public bool IsColdStart { get; init; }

    /// <summary>From queueing the invocation (after init) to its answer.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Time spent starting the process for this invoke, when it had to be started.</summary>
    public TimeSpan? InitDuration { get; init; }

    public string PayloadText => Encoding.UTF8.GetString(Payload.Span);

    public string ErrorDocumentText => Encoding.UTF8.GetString(ErrorDocument.Span);

    /// <summary>What the invoke endpoint returns as its body: the payload on success, the error document otherwise.</summary>
    public ReadOnlyMemory<byte> Body => Status == InvocationStatus.Success ? Payload : ErrorDocument;
}
