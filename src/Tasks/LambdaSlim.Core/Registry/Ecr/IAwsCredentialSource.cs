namespace LambdaSlim.Core.Registry.Ecr;

/// <summary>
/// Where the ECR client gets the keys it signs with. The default is <see cref="AwsSdkCredentialChain"/> (the
/// standard AWS chain); callers that already hold keys, and tests, pass their own.
/// </summary>
public interface IAwsCredentialSource
{
    /// <summary>
    /// Where the credentials come from, for messages (e.g. "environment variables AWS_ACCESS_KEY_ID/…",
    /// "profile 'dev'"). Never the keys themselves.
    /// </summary>
    string Description { get; }

    /// <summary>
    /// Current credentials; called before every signed request so refreshing sources (SSO, roles) stay valid.
    /// Throws a coded <see cref="LambdaSlimException"/> when none can be found.
    /// </summary>
    Task<AwsSigningCredentials> GetCredentialsAsync(CancellationToken cancellationToken);
}
