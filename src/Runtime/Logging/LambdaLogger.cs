namespace LambdaSlim.Runtime.Logging;

/// <summary>
/// An <see cref="ILambdaLogger"/> bound to one invocation's request id and tenant id (or none, for the runtime's own
/// lines). The ids travel with the logger, not through process-wide state, so concurrent invocations each tag
/// their own lines.
/// </summary>
internal sealed class LambdaLogger(LogSink sink, string? requestId, string? tenantId = null) : ILambdaLogger
{
    public void LogTrace(string message) => sink.Write(LogLevel.Trace, requestId, tenantId, message);
    public void LogDebug(string message) => sink.Write(LogLevel.Debug, requestId, tenantId, message);
    public void LogInformation(string message) => sink.Write(LogLevel.Info, requestId, tenantId, message);
    public void LogWarning(string message) => sink.Write(LogLevel.Warn, requestId, tenantId, message);
    public void LogError(string message) => sink.Write(LogLevel.Error, requestId, tenantId, message);
    public void LogCritical(string message) => sink.Write(LogLevel.Fatal, requestId, tenantId, message);
}
