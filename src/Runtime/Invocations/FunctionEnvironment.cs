namespace LambdaSlim.Runtime.Invocations;

/// <summary>The facts about the function that Lambda passes as environment variables, read once at start.</summary>
internal sealed record FunctionEnvironment(string FunctionName, string FunctionVersion, int MemoryLimitInMB,
    string LogGroupName, string LogStreamName)
{
    public static FunctionEnvironment FromEnvironment()
    {
        _ = int.TryParse(Environment.GetEnvironmentVariable("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"), out int memory);
        return new FunctionEnvironment(
            Environment.GetEnvironmentVariable("AWS_LAMBDA_FUNCTION_NAME") ?? "",
            Environment.GetEnvironmentVariable("AWS_LAMBDA_FUNCTION_VERSION") ?? "",
            memory,
            Environment.GetEnvironmentVariable("AWS_LAMBDA_LOG_GROUP_NAME") ?? "",
            Environment.GetEnvironmentVariable("AWS_LAMBDA_LOG_STREAM_NAME") ?? "");
    }
}
