namespace LambdaSlim.Emulator;

/// <summary>A snapshot of what the emulator has seen since it was created (tests assert on these).</summary>
public sealed record EmulatorCounters
{
    /// <summary>GET /next requests received (including those answered with an injected fault).</summary>
    public long NextRequests { get; init; }

    /// <summary>Invocations handed to the function (a redelivery after a fault counts again).</summary>
    public long Deliveries { get; init; }

    /// <summary>Responses accepted (buffered or streamed), one per invocation at most.</summary>
    public long Responses { get; init; }

    /// <summary>Invocation errors accepted (POST /error, oversized response, error trailers).</summary>
    public long Errors { get; init; }

    public long InitErrors { get; init; }

    /// <summary>Posts for an invocation that was already answered: rejected and counted, never applied.</summary>
    public long DuplicatePostsRejected { get; init; }

    /// <summary>
    /// Posts for an invocation that was no longer current (a stale Lambda-Runtime-Invocation-Id, or one the emulator
    /// had ended: timed out, caller gone): refused with 410 Gone, never applied.
    /// </summary>
    public long GonePostsRejected { get; init; }

    /// <summary>Posts naming an invocation the emulator never issued.</summary>
    public long UnknownRequestIdPosts { get; init; }

    public long ProcessStarts { get; init; }

    /// <summary>Processes the emulator killed (timeout, init failure, disposal of a live process).</summary>
    public long ProcessKills { get; init; }

    /// <summary>Invocations the emulator itself timed out.</summary>
    public long Timeouts { get; init; }

    public long Invocations { get; init; }

    public long FaultsInjected { get; init; }
}
