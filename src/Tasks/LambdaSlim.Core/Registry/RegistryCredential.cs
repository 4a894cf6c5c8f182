namespace LambdaSlim.Core.Registry;

/// <summary>
/// A username and password (or token) for one registry. Produced by the credential sources
/// (docker config, credential helpers, environment, ECR) and consumed by the Basic and Bearer handlers.
/// A username of <c>&lt;token&gt;</c> marks an identity token (docker's convention), sent as an OAuth2
/// refresh token to the token service instead of as Basic credentials.
/// </summary>
public sealed record RegistryCredential(string Username, string Password)
{
    /// <summary>The username docker credential helpers use to mark an identity (refresh) token.</summary>
    public const string IdentityTokenUsername = "<token>";

    /// <summary>Never prints the password: records end up in logs and exception messages.</summary>
    public override string ToString() => $"RegistryCredential {{ Username = {Username}, Password = *** }}";
}
