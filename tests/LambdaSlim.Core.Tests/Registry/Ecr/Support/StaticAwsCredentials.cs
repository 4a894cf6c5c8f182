using LambdaSlim.Core.Registry.Ecr;

namespace LambdaSlim.Core.Tests.Registry.Ecr.Support;

/// <summary>Fixed keys handed to the client through its constructor, so tests never touch the process environment.</summary>
internal sealed class StaticAwsCredentials(AwsSigningCredentials credentials) : IAwsCredentialSource
{
    public int Calls { get; private set; }

    public string Description => "test keys";

    public Task<AwsSigningCredentials> GetCredentialsAsync(CancellationToken cancellationToken)
    {
        Calls++;
        return Task.FromResult(credentials);
    }

    /// <summary>Fresh random keys, so no two tests share a secret and a leak is attributable.</summary>
    public static AwsSigningCredentials Random(bool withSessionToken)
        => new("AKIA" + Guid.NewGuid().ToString("N")[..16].ToUpperInvariant(),
            "secret-" + Guid.NewGuid().ToString("N"),
            withSessionToken ? "session-" + Guid.NewGuid().ToString("N") : null);
}
