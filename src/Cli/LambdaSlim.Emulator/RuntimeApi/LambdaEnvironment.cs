using System.Globalization;

namespace LambdaSlim.Emulator.RuntimeApi;

/// <summary>
/// The environment Lambda gives a custom-runtime process (provided.al2023), built from the options. The host's
/// environment is NOT inherited: a function that works here must not depend on the developer's shell.
/// </summary>
internal static class LambdaEnvironment
{
    public const string AccountId = "012345678912";
    public const string MaxConcurrencyVariable = "AWS_LAMBDA_MAX_CONCURRENCY";

    public static string FunctionArn(EmulatorOptions options) =>
        $"arn:aws:lambda:{options.Region}:{AccountId}:function:{options.FunctionName}";

    /// <summary>Lambda names a new log stream per execution environment: date, version, random id.</summary>
    public static string NewLogStreamName(DateTimeOffset now) =>
        $"{now:yyyy'/'MM'/'dd}/[$LATEST]{Guid.NewGuid():N}";

    public static Dictionary<string, string> Build(EmulatorOptions options, int runtimeApiPort, string logStreamName)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = "/usr/local/bin:/usr/bin/:/bin:/opt/bin",
            ["LANG"] = "en_US.UTF-8",
            ["TZ"] = ":UTC",
            ["LAMBDA_TASK_ROOT"] = options.TaskRoot ?? options.Command.WorkingDirectory,
            ["LAMBDA_RUNTIME_DIR"] = "/var/runtime",
            ["_HANDLER"] = options.Handler,
            ["AWS_REGION"] = options.Region,
            ["AWS_DEFAULT_REGION"] = options.Region,
            ["AWS_LAMBDA_FUNCTION_NAME"] = options.FunctionName,
            ["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST",
            ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = options.MemorySizeMb.ToString(CultureInfo.InvariantCulture),
            ["AWS_LAMBDA_LOG_GROUP_NAME"] = "/aws/lambda/" + options.FunctionName,
            ["AWS_LAMBDA_LOG_STREAM_NAME"] = logStreamName,
            ["AWS_LAMBDA_INITIALIZATION_TYPE"] = "on-demand",
        };
        foreach (var (name, value) in options.Environment)
        {
            environment[name] = value;
        }
        // The emulator serves exactly as many invocations at once as it tells the function to (a user's own value
        // would make the function and the emulator disagree).
        environment.Remove(MaxConcurrencyVariable);
        if (options.MaxConcurrency > 1)
        {
            environment[MaxConcurrencyVariable] = options.MaxConcurrency.ToString(CultureInfo.InvariantCulture);
        }
        environment["AWS_LAMBDA_RUNTIME_API"] = $"127.0.0.1:{runtimeApiPort.ToString(CultureInfo.InvariantCulture)}";
        return environment;
    }
}
