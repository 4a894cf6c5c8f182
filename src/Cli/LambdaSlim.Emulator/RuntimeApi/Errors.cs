using System.Globalization;

namespace LambdaSlim.Emulator.RuntimeApi;

/// <summary>
/// The error documents the emulator makes up itself, shaped like Lambda's (errorType names are Lambda's own, so
/// code written against Lambda's answers works against ours).
/// </summary>
internal static class Errors
{
    public static InvocationOutcome TimedOut(string requestId, TimeSpan timeout) => Make(InvocationStatus.Timeout,
        "Sandbox.Timedout", $"RequestId: {requestId} Error: Task timed out after {Seconds(timeout)} seconds");

    public static InvocationOutcome ExitedDuringInvoke(string requestId, int? exitCode) => Make(InvocationStatus.ProcessExited,
        "Runtime.ExitError", $"RequestId: {requestId} Error: Runtime exited with error: {ExitStatus(exitCode)}");

    public static InvocationOutcome ExitedDuringInit(int? exitCode) => Make(InvocationStatus.InitError,
        "Runtime.ExitError", $"Runtime exited during init with error: {ExitStatus(exitCode)}");

    public static InvocationOutcome InitTimedOut(TimeSpan timeout) => Make(InvocationStatus.InitError,
        "Sandbox.Timedout", $"Init timed out after {Seconds(timeout)} seconds: the process never asked for an invocation");

    private static InvocationOutcome Make(InvocationStatus status, string errorType, string message) =>
        new(status, default, ErrorJson.FormatUtf8(errorType, message), errorType, false);

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture);

    /// <summary>Go's wording, as Lambda prints it: "exit status 1", or "signal: killed" for a signal death (128+n).</summary>
    private static string ExitStatus(int? exitCode) => exitCode switch
    {
        null => "unknown exit status",
        > 128 and < 160 => $"signal {exitCode - 128}",
        _ => $"exit status {exitCode}",
    };
}
