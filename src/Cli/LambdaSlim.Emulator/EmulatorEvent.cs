namespace LambdaSlim.Emulator;

public enum EmulatorEventKind
{
    ProcessStarted,
    InitCompleted,
    InitFailed,
    NextRequested,
    InvocationDelivered,
    ResponseAccepted,
    ErrorAccepted,
    DuplicateRejected,
    /// <summary>A post for an invocation that was no longer current was answered 410 Gone.</summary>
    GoneRejected,
    TimedOut,
    ProcessKilled,
    ProcessExited,
    FaultInjected,
    /// <summary>An unexpected exception inside the emulator's servers (a bug): Detail holds it.</summary>
    InternalError,
}

/// <summary>Something that happened in the emulator, stamped with the wall clock.</summary>
public sealed record EmulatorEvent(EmulatorEventKind Kind, DateTimeOffset Time, string? RequestId, string? Detail);
