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
    ReadOnlyMemory<byte> Body);
