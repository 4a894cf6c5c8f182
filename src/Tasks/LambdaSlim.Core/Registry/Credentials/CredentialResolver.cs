namespace LambdaSlim.Core.Registry.Credentials;

/// <summary>
/// Finds the credential for a registry (go-containerregistry's Keychain). Lookup order, first hit wins:
/// <list type="number">
/// <item>environment variables for the mode (<see cref="EnvironmentCredentials"/>; the .NET SDK's names and order);</item>
/// <item>for an Amazon ECR host, ECR's GetAuthorizationToken with the AWS credential chain
///   (if that fails and the docker config has an entry, the docker config is used instead);</item>
/// <item>the docker config: credHelpers[host], credsStore, auths[host] (<see cref="DockerConfigCredentials"/>);</item>
/// <item>none: anonymous.</item>
/// </list>
/// Resolution runs only when a registry asks for credentials (a 401 challenge), so anonymous registries never
/// start a credential helper.
/// </summary>
public sealed class CredentialResolver(Func<string, string?> environment, IEcrAuthority? ecr = null)
{
    public static CredentialResolver FromProcessEnvironment(IEcrAuthority? ecr = null) => new(System.Environment.GetEnvironmentVariable, ecr);

    public Func<string, string?> Environment { get; } = environment;

    public IEcrAuthority? Ecr { get; } = ecr;

    public async Task<ResolvedCredential?> ResolveAsync(string registry, RegistryMode mode, CancellationToken cancellationToken)
    {
        if (EnvironmentCredentials.Find(mode, Environment) is { } fromEnvironment)
        {
            return fromEnvironment;
        }
        if (Ecr is not null && Ecr.IsEcrHost(registry))
        {
            try
            {
                var token = await Ecr.GetCredentialAsync(registry, cancellationToken).ConfigureAwait(false);
                return new ResolvedCredential(token, "Amazon ECR GetAuthorizationToken (AWS credential chain)");
            }
            catch (LambdaSlimException)
            {
                // No usable AWS credentials here, but `docker login` (or an ecr-login helper) may have been done:
                // use that; otherwise the ECR error is the one that says what to fix.
                if (await DockerConfigCredentials.FindAsync(registry, Environment, cancellationToken).ConfigureAwait(false) is { } fromConfig)
                {
                    return fromConfig;
                }
                throw;
            }
        }
        return await DockerConfigCredentials.FindAsync(registry, Environment, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The variables to suggest in an authentication error for this mode.</summary>
    public static string EnvironmentHint(RegistryMode mode)
    {
        var (user, password) = EnvironmentCredentials.VariablesFor(mode)[0];
        return $"{user} and {password}";
    }
}
