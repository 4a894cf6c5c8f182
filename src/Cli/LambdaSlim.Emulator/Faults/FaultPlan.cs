namespace LambdaSlim.Emulator.Faults;

/// <summary>
/// The faults the Runtime API can inject, each realistic in that Lambda's guarantees still hold: an
/// invocation is never lost (a /next that failed delivers the same invocation again) and never answered twice.
/// </summary>
public enum FaultKind
{
    None,

    /// <summary>Close the connection before processing the request.
    /// /next: nothing delivered. Posts: not applied (a client that is unsure must not resend; see docs).</summary>
    DropBeforeProcessing,

    /// <summary>Process the request, then close without answering.
    /// /next: the invocation was taken but never sent, so it goes back to the queue. Posts: applied.</summary>
    DropAfterProcessing,

    /// <summary>Wait up to <see cref="FaultPlan.MaxDelay"/>, then answer normally.</summary>
    Delay,

    /// <summary>Answer with a malformed HTTP head, then close. /next: invocation requeued. Posts: applied first.</summary>
    GarbageHead,

    /// <summary>Answer 500 without processing. /next: nothing delivered. Posts: not applied.</summary>
    ServerError,

    /// <summary>Send a correct head but only part of the body, then close. /next: invocation requeued.
    /// Posts: applied first, then a truncated answer.</summary>
    TruncatedAnswer,
}

/// <summary>Probability of each fault per request (their sum must not exceed 1).</summary>
public sealed record FaultRates
{
    public double DropBeforeProcessing { get; init; }
    public double DropAfterProcessing { get; init; }
    public double Delay { get; init; }
    public double GarbageHead { get; init; }
    public double ServerError { get; init; }
    public double TruncatedAnswer { get; init; }

    public static FaultRates None { get; } = new();

    internal double Sum => DropBeforeProcessing + DropAfterProcessing + Delay + GarbageHead + ServerError + TruncatedAnswer;

    internal IEnumerable<(FaultKind Kind, double Probability)> Entries =>
    [
        (FaultKind.DropBeforeProcessing, DropBeforeProcessing),
        (FaultKind.DropAfterProcessing, DropAfterProcessing),
        (FaultKind.Delay, Delay),
        (FaultKind.GarbageHead, GarbageHead),
        (FaultKind.ServerError, ServerError),
        (FaultKind.TruncatedAnswer, TruncatedAnswer),
    ];
}

/// <summary>
/// Which faults to inject, separately for GET /next and for posts (response, error, init/error), drawn from a
/// seeded <see cref="Random"/> so a failing run can be replayed.
/// </summary>
public sealed record FaultPlan
{
    public int Seed { get; init; }

    public FaultRates Next { get; init; } = FaultRates.None;

    public FaultRates Posts { get; init; } = FaultRates.None;

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMilliseconds(20);
}
