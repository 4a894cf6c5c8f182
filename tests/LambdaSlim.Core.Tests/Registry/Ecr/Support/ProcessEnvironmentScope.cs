namespace LambdaSlim.Core.Tests.Registry.Ecr.Support;

/// <summary>
/// Sets process environment variables for one test and puts every one back afterwards. Only for tests in the
/// <see cref="AwsEnvironmentCollection"/>, which xunit runs alone, so no other test sees the change.
/// </summary>
internal sealed class ProcessEnvironmentScope : IDisposable
{
    /// <summary>Everything the AWS credential chain reads, cleared unless a test sets it.</summary>
    private static readonly string[] AwsVariables =
    [
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_ACCESS_KEY", "AWS_SECRET_KEY",
        "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE",
        "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "AWS_ROLE_SESSION_NAME",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN",
        "AWS_EC2_METADATA_DISABLED", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_ECR",
    ];

    private readonly Dictionary<string, string?> _saved = [];

    public ProcessEnvironmentScope(IReadOnlyDictionary<string, string> values)
    {
        foreach (var name in AwsVariables.Concat(values.Keys).Distinct())
        {
            _saved[name] = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, values.GetValueOrDefault(name));
        }
    }

    public void Dispose()
    {
        foreach (var (name, value) in _saved)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }
}

/// <summary>Tests that change the process environment: run by xunit after all others, one at a time.</summary>
[CollectionDefinition(nameof(AwsEnvironmentCollection), DisableParallelization = true)]
public sealed class AwsEnvironmentCollection;
