namespace LambdaSlim.Core.Registry.Ecr;

/// <summary>
/// The keys SigV4 signs with: an access key id, its secret, and for temporary credentials (SSO, assumed roles,
/// container and instance roles) the session token that must travel as <c>X-Amz-Security-Token</c>.
/// </summary>
public sealed record AwsSigningCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken = null)
{
    /// <summary>Never prints the secret key or the session token: records end up in logs and exception messages.</summary>
    public override string ToString()
        => $"AwsSigningCredentials {{ AccessKeyId = {AccessKeyId}, SecretAccessKey = ***, SessionToken = {(SessionToken is null ? "none" : "***")} }}";
}
