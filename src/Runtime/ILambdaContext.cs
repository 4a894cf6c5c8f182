namespace LambdaSlim.Runtime;

/// <summary>
/// What a handler knows about the current invocation and the function. Member names follow Amazon.Lambda.Core
/// where they mean the same thing.
/// </summary>
public interface ILambdaContext
{
    /// <summary>The request id (Lambda-Runtime-Aws-Request-Id).</summary>
    string AwsRequestId { get; }
    /// <summary>AWS_LAMBDA_FUNCTION_NAME.</summary>
    string FunctionName { get; }
    /// <summary>AWS_LAMBDA_FUNCTION_VERSION.</summary>
    string FunctionVersion { get; }
    /// <summary>The ARN used to invoke (Lambda-Runtime-Invoked-Function-Arn), "" when absent.</summary>
    string InvokedFunctionArn { get; }
    /// <summary>AWS_LAMBDA_FUNCTION_MEMORY_SIZE (0 when unknown).</summary>
    int MemoryLimitInMB { get; }
    /// <summary>AWS_LAMBDA_LOG_GROUP_NAME.</summary>
    string LogGroupName { get; }
    /// <summary>AWS_LAMBDA_LOG_STREAM_NAME.</summary>
    string LogStreamName { get; }
    /// <summary>Time left until <see cref="Deadline"/> (never negative).</summary>
    TimeSpan RemainingTime { get; }
    /// <summary>When Lambda stops the invocation (Lambda-Runtime-Deadline-Ms).</summary>
    DateTimeOffset Deadline { get; }
    /// <summary>
    /// The X-Ray trace header of this invocation (Lambda-Runtime-Trace-Id). When the environment serves one
    /// invocation at a time it is also set as the process's _X_AMZN_TRACE_ID; with <see cref="MaxConcurrency"/> above
    /// 1 that variable would be shared by all invocations in flight, so it is not set: read the trace id from here.
    /// </summary>
    string? TraceId { get; }
    /// <summary>The raw client context JSON (Lambda-Runtime-Client-Context), null when absent or not JSON.</summary>
    string? ClientContext { get; }
    /// <summary>The raw Cognito identity JSON (Lambda-Runtime-Cognito-Identity), null when absent or not JSON.</summary>
    string? Identity { get; }
    /// <summary>The tenant id of a tenant-isolated function (Lambda-Runtime-Aws-Tenant-Id), null otherwise.</summary>
    string? TenantId { get; }
    /// <summary>Logs with this invocation's request id.</summary>
    ILambdaLogger Logger { get; }
    /// <summary>Fires a margin (default 500 ms, LAMBDASLIM_DEADLINE_MARGIN_MS) before the deadline.</summary>
    CancellationToken CancellationToken { get; }
    /// <summary>True for the first invocation this process serves.</summary>
    bool IsColdStart { get; }
    /// <summary>Time since the process started: a large value on a cold start shows a proactive init.</summary>
    TimeSpan SinceInit { get; }
    /// <summary>
    /// How many invocations this environment serves at once: AWS_LAMBDA_MAX_CONCURRENCY on Lambda Managed Instances,
    /// 1 in the classic one-at-a-time sandbox. Above 1, handlers run concurrently and must be thread-safe.
    /// </summary>
    int MaxConcurrency { get; }
    /// <summary>
    /// Queues work that runs after the response was sent and before the next event is fetched, in the order
    /// queued, bounded by the deadline. Its exceptions are logged, not reported as the invocation's error.
    /// </summary>
    void RunAfterResponse(Func<CancellationToken, Task> work);
}
