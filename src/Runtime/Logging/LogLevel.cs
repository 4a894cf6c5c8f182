namespace LambdaSlim.Runtime.Logging;

/// <summary>Lambda's log levels (AWS_LAMBDA_LOG_LEVEL), lowest first.</summary>
internal enum LogLevel
{
    Trace,
    Debug,
    Info,
    Warn,
    Error,
    Fatal,
}
