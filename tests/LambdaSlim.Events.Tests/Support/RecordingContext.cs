using LambdaSlim.Runtime;

namespace LambdaSlim.Events.Tests.Support;

/// <summary>An invocation context for calling handlers directly; the logger keeps every line.</summary>
public sealed class RecordingContext : ILambdaContext, ILambdaLogger
{
    public List<string> Lines { get; } = [];
    public string AwsRequestId => "request-1";
    public string FunctionName => "events-tests";
    public string FunctionVersion => "$LATEST";
    public string InvokedFunctionArn => "";
    public int MemoryLimitInMB => 128;
    public string LogGroupName => "";
    public string LogStreamName => "";
    public TimeSpan RemainingTime => TimeSpan.FromSeconds(30);
    public DateTimeOffset Deadline => DateTimeOffset.UtcNow.AddSeconds(30);
    public string? TraceId => null;
    public string? ClientContext => null;
    public string? Identity => null;
    public string? TenantId => null;
    public ILambdaLogger Logger => this;
    public CancellationToken CancellationToken { get; init; }
    public bool IsColdStart => false;
    public TimeSpan SinceInit => TimeSpan.Zero;
    public void RunAfterResponse(Func<CancellationToken, Task> work) => throw new NotSupportedException();

    public void LogTrace(string message) => Lines.Add("TRACE " + message);
    public void LogDebug(string message) => Lines.Add("DEBUG " + message);
    public void LogInformation(string message) => Lines.Add("INFO " + message);
    public void LogWarning(string message) => Lines.Add("WARN " + message);
    public void LogError(string message) => Lines.Add("ERROR " + message);
    public void LogCritical(string message) => Lines.Add("FATAL " + message);
}
