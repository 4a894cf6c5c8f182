namespace LambdaSlim.Emulator.RuntimeApi;

/// <summary>The emulator's counters and event hook, shared by its servers and sandboxes.</summary>
internal sealed class Telemetry(Action<EmulatorEvent>? events)
{
    public long NextRequests;
    public long Deliveries;
    public long Responses;
    public long Errors;
    public long InitErrors;
    public long DuplicatePostsRejected;
    public long GonePostsRejected;
    public long UnknownRequestIdPosts;
    public long ProcessStarts;
    public long ProcessKills;
    public long Timeouts;
    public long Invocations;
    public long FaultsInjected;

    public void Raise(EmulatorEventKind kind, string? requestId = null, string? detail = null)
    {
        if (events is null)
        {
            return;
        }
        try
        {
            events(new EmulatorEvent(kind, DateTimeOffset.UtcNow, requestId, detail));
        }
        catch (Exception)
        {
            // An observer's bug must not break the Runtime API the function depends on.
        }
    }

    public EmulatorCounters Snapshot() => new()
    {
        NextRequests = Interlocked.Read(ref NextRequests),
        Deliveries = Interlocked.Read(ref Deliveries),
        Responses = Interlocked.Read(ref Responses),
        Errors = Interlocked.Read(ref Errors),
        InitErrors = Interlocked.Read(ref InitErrors),
        DuplicatePostsRejected = Interlocked.Read(ref DuplicatePostsRejected),
        GonePostsRejected = Interlocked.Read(ref GonePostsRejected),
        UnknownRequestIdPosts = Interlocked.Read(ref UnknownRequestIdPosts),
        ProcessStarts = Interlocked.Read(ref ProcessStarts),
        ProcessKills = Interlocked.Read(ref ProcessKills),
        Timeouts = Interlocked.Read(ref Timeouts),
        Invocations = Interlocked.Read(ref Invocations),
        FaultsInjected = Interlocked.Read(ref FaultsInjected),
    };
}
