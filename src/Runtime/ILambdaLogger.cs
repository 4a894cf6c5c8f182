namespace LambdaSlim.Runtime;

/// <summary>
/// Writes log lines tagged with the invocation's request id, in Lambda's text format or, with
/// AWS_LAMBDA_LOG_FORMAT=JSON, one JSON object per line. AWS_LAMBDA_LOG_LEVEL filters (default INFO).
/// </summary>
public interface ILambdaLogger
{
    void LogTrace(string message);
    void LogDebug(string message);
    void LogInformation(string message);
    void LogWarning(string message);
    void LogError(string message);
    void LogCritical(string message);
}
