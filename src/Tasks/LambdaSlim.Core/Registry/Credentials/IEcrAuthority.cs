namespace LambdaSlim.Core.Registry.Credentials;

/// <summary>
/// What the registry code needs from Amazon ECR: a fresh registry credential and an existing repository.
/// Kept to an interface so the push and pull code do not depend on the ECR API client (Registry/Ecr).
/// </summary>
public interface IEcrAuthority
{
    /// <summary>True when the host is an ECR registry (ACCOUNT.dkr.ecr[-fips].REGION.amazonaws.com[.cn]).</summary>
    bool IsEcrHost(string registry);

    /// <summary>A registry credential from ECR's GetAuthorizationToken for the host's account and region.</summary>
    Task<RegistryCredential> GetCredentialAsync(string registry, CancellationToken cancellationToken);

    /// <summary>Creates the repository when it does not exist; returns true when it was created.</summary>
    Task<bool> EnsureRepositoryAsync(string registry, string repository, CancellationToken cancellationToken);
}
