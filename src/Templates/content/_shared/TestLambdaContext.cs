using LambdaSlim.Runtime;

namespace LambdaSlimFunction.Tests;

/// <summary>An <see cref="ILambdaContext"/> for calling the handler directly in a test; its logger keeps the lines.</summary>
public sealed class TestLambdaContext : ILambdaContext
{
    public string AwsRequestId { get; init; } = "test-request-1";
    public string FunctionName { get; init; } = "LambdaSlimFunction";
    public string FunctionVersion { get; init; } = "$LATEST";
    public string InvokedFunctionArn { get; init; } = "arn:aws:lambda:us-east-1:123456789012:function:LambdaSlimFunction";
    public int MemoryLimitInMB { get; init; } = 256;
    public string LogGroupName { get; init; } = "/aws/lambda/LambdaSlimFunction";
    public string LogStreamName { get; init; } = "test";
    public DateTimeOffset Deadline { get; init; } = DateTimeOffset.UtcNow.AddSeconds(30);
    public TimeSpan RemainingTime => Deadline - DateTimeOffset.UtcNow;
    public string? TraceId { get; init; }
    public string? ClientContext { get; init; }
    public string? Identity { get; init; }
    public string? TenantId { get; init; }
    public CancellationToken CancellationToken { get; init; }
    public bool IsColdStart { get; init; } = true;
    public TimeSpan SinceInit { get; init; }
    public int MaxConcurrency { get; init; } = 1;
    public TestLambdaLogger Logger { get; } = new();
    ILambdaLogger ILambdaContext.Logger => Logger;

    public List<Func<CancellationToken, Task>> AfterResponse { get; } = [];
    public void RunAfterResponse(Func<CancellationToken, Task> work) => AfterResponse.Add(work);
}

/// <summary>Keeps every line logged, with its level.</summary>
public sealed class TestLambdaLogger : ILambdaLogger
{
    public List<string> Lines { get; } = [];
    public void LogTrace(string message) => Lines.Add("TRACE " + message);
    public void LogDebug(string message) => Lines.Add("DEBUG " + message);
    public void LogInformation(string message) => Lines.Add("INFO " + message);
    public void LogWarning(string message) => Lines.Add("WARN " + message);
    public void LogError(string message) => Lines.Add("ERROR " + message);
    public void LogCritical(string message) => Lines.Add("FATAL " + message);
}
