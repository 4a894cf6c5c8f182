namespace LambdaSlim.Runtime.Logging;

/// <summary>An <see cref="ILambdaLogger"/> bound to one request id (or none, for the runtime's own lines).</summary>
internal sealed class LambdaLogger(LogSink sink, string? requestId) : ILambdaLogger
{
    public void LogTrace(string message) => sink.Write(LogLevel.Trace, requestId, message);
    public void LogDebug(string message) => sink.Write(LogLevel.Debug, requestId, message);
    public void LogInformation(string message) => sink.Write(LogLevel.Info, requestId, message);
    public void LogWarning(string message) => sink.Write(LogLevel.Warn, requestId, message);
    public void LogError(string message) => sink.Write(LogLevel.Error, requestId, message);
    public void LogCritical(string message) => sink.Write(LogLevel.Fatal, requestId, message);
}
