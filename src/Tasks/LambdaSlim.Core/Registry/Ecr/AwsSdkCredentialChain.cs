using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace LambdaSlim.Core.Registry.Ecr;

/// <summary>
/// The standard AWS credential chain, exactly as the AWS SDK for .NET v4 and the AWS CLI walk it (AWSSDK.Core's
/// <see cref="DefaultAWSCredentialsIdentityResolver"/>): environment variables (<c>AWS_ACCESS_KEY_ID</c>,
/// <c>AWS_SECRET_ACCESS_KEY</c>, <c>AWS_SESSION_TOKEN</c>), web identity (<c>AWS_WEB_IDENTITY_TOKEN_FILE</c>),
/// the shared profile named by <c>AWS_PROFILE</c> or "default" in <c>~/.aws/credentials</c> and
/// <c>~/.aws/config</c> (static keys, SSO, assume-role, credential_process), then the ECS/EKS container endpoint
/// and EC2 instance metadata. Using the SDK's own resolver means every source users already configure works,
/// and refreshing credentials (SSO, roles) are refreshed by the SDK.
/// </summary>
public sealed class AwsSdkCredentialChain : IAwsCredentialSource, IDisposable
{
    private readonly DefaultAWSCredentialsIdentityResolver _resolver = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile AWSCredentials? _resolved;

    public string Description { get; private set; } = "the AWS credential chain (not resolved yet)";

    public async Task<AwsSigningCredentials> GetCredentialsAsync(CancellationToken cancellationToken)
    {
        try
        {
            var credentials = await ResolveAsync(cancellationToken).ConfigureAwait(false);
            var keys = await credentials.GetCredentialsAsync().ConfigureAwait(false);
            if (string.IsNullOrEmpty(keys?.AccessKey) || string.IsNullOrEmpty(keys.SecretKey))
            {
                throw new LambdaSlimException("LSLIM3501",
                    $"The AWS credentials from {Description} have no access key or secret key. " + WhatToDo);
            }
            return new AwsSigningCredentials(keys.AccessKey, keys.SecretKey, keys.UseToken ? keys.Token : null);
        }
        catch (Exception e) when (e is not LambdaSlimException and not OperationCanceledException)
        {
            // The SDK's message lists what each source said ("Unable to find the 'dev' profile", "The SSO session
            // … has expired"): worth showing, and it never contains key material.
            throw new LambdaSlimException("LSLIM3501",
                $"No usable AWS credentials were found for Amazon ECR ({OneLine(e.Message)}). " + WhatToDo, e);
        }
    }

    private const string WhatToDo =
        "Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (plus AWS_SESSION_TOKEN for temporary keys), or AWS_PROFILE to a profile " +
        "in ~/.aws/credentials or ~/.aws/config (run `aws sso login --profile NAME` for SSO profiles), or run where a container " +
        "or instance role is available. Alternatively log in with `docker login` and the docker config is used.";

    private async Task<AWSCredentials> ResolveAsync(CancellationToken cancellationToken)
    {
        if (_resolved is not null)
        {
            return _resolved;
        }
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_resolved is null)
            {
                var credentials = await _resolver.ResolveIdentityAsync(null, cancellationToken).ConfigureAwait(false);
                Description = Describe(credentials, DefaultAWSCredentialsIdentityResolver.GetProfileName());
                _resolved = credentials;
            }
            return _resolved;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static string Describe(AWSCredentials credentials, string? profile) => credentials switch
    {
        EnvironmentVariablesAWSCredentials => "the environment variables AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY",
        AssumeRoleWithWebIdentityCredentials => "the web identity token (AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_ARN)",
        GenericContainerCredentials => "the container credentials endpoint (ECS/EKS task role)",
        InstanceProfileAWSCredentials => "the EC2 instance profile (instance metadata)",
        _ => $"the AWS profile '{(string.IsNullOrEmpty(profile) ? "default" : profile)}' ({credentials.GetType().Name})",
    };

    private static string OneLine(string message)
    {
        var text = message.ReplaceLineEndings("\n").Trim();
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Join(" ", lines);
    }

    public void Dispose()
    {
        _resolver.Dispose();
        _gate.Dispose();
    }
}
