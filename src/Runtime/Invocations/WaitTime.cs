namespace LambdaSlim.Runtime.Invocations;

/// <summary>How long to wait for a moment, in the range waits and timers accept.</summary>
internal static class WaitTime
{
    /// <summary>
    /// Zero when <paramref name="moment"/> has passed (the wait ends at once); at most 24 days, because Task.Wait,
    /// Task.Delay and CancelAfter take at most ~24.8 days (a Lambda deadline is never that far away).
    /// </summary>
    public static TimeSpan Until(DateTimeOffset moment)
    {
        TimeSpan left = moment - DateTimeOffset.UtcNow;
        return left < TimeSpan.Zero ? TimeSpan.Zero : left > TimeSpan.FromDays(24) ? TimeSpan.FromDays(24) : left;
    }
}
