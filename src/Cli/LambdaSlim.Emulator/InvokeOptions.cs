namespace LambdaSlim.Emulator;

/// <summary>Per-invoke inputs beyond the payload.</summary>
public sealed record InvokeOptions
{
    /// <summary>Client context as JSON (already decoded from the base64 of X-Amz-Client-Context).</summary>
    public string? ClientContext { get; init; }

    /// <summary>Cognito identity as JSON (Lambda-Runtime-Cognito-Identity).</summary>
    public string? CognitoIdentity { get; init; }

    /// <summary>The tenant of a tenant-isolated function (Lambda-Runtime-Aws-Tenant-Id); none when null.</summary>
    public string? TenantId { get; init; }

    /// <summary>X-Ray trace header to hand the function; a fresh one is generated when null.</summary>
    public string? TraceId { get; init; }

    /// <summary>
    /// Where a streamed response's bytes go as they arrive (the invoke endpoint relays them to its client).
    /// When null they are collected into <see cref="InvocationResult.Payload"/>. A failing sink is abandoned, the
    /// invocation still completes.
    /// </summary>
    public Stream? StreamingSink { get; init; }

    /// <summary>Called once, before the first byte of a streamed response reaches <see cref="StreamingSink"/>.</summary>
    public Func<CancellationToken, ValueTask>? OnStreamingStarted { get; init; }
}
