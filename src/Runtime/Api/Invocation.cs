namespace LambdaSlim.Runtime.Api;

/// <summary>One event handed out by GET invocation/next, with the facts its headers carry.</summary>
internal sealed record Invocation(
    string RequestId,
    string? InvocationId,
    DateTimeOffset Deadline,
    string InvokedFunctionArn,
    string? TraceId,
    string? ClientContext,
    string? CognitoIdentity,
    string? TenantId,
    ReadOnlyMemory<byte> Body)
{
    /// <summary>
    /// The request id only: the generated record ToString would print the event (which may hold secrets) and
    /// would link date and time-zone formatting code into every NativeAOT function (with RuntimeOptions' own
    /// override: 160 KB measured on the hello function).
    /// </summary>
    public override string ToString() => $"Invocation {RequestId}";
}
