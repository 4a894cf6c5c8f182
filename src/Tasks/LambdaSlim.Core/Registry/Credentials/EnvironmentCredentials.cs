namespace LambdaSlim.Core.Registry.Credentials;

/// <summary>
/// Credentials from environment variables, with the .NET SDK's names and order (looked up in its container code):
/// a pair counts only when both the user name and the password are non-empty; the first complete pair wins.
/// These apply to whichever registry the mode concerns, whatever its host.
/// </summary>
public static class EnvironmentCredentials
{
    public static IReadOnlyList<(string User, string Password)> VariablesFor(RegistryMode mode) => mode switch
    {
        RegistryMode.Push =>
        [
            ("DOTNET_CONTAINER_PUSH_REGISTRY_UNAME", "DOTNET_CONTAINER_PUSH_REGISTRY_PWORD"),
            ("DOTNET_CONTAINER_REGISTRY_UNAME", "DOTNET_CONTAINER_REGISTRY_PWORD"),
            ("SDK_CONTAINER_REGISTRY_UNAME", "SDK_CONTAINER_REGISTRY_PWORD"),
        ],
        RegistryMode.Pull =>
        [
            ("DOTNET_CONTAINER_PULL_REGISTRY_UNAME", "DOTNET_CONTAINER_PULL_REGISTRY_PWORD"),
        ],
        _ =>
        [
            ("DOTNET_CONTAINER_PULL_REGISTRY_UNAME", "DOTNET_CONTAINER_PULL_REGISTRY_PWORD"),
            ("DOTNET_CONTAINER_REGISTRY_UNAME", "DOTNET_CONTAINER_REGISTRY_PWORD"),
            ("SDK_CONTAINER_REGISTRY_UNAME", "SDK_CONTAINER_REGISTRY_PWORD"),
        ],
    };

    public static ResolvedCredential? Find(RegistryMode mode, Func<string, string?> environment)
    {
        foreach (var (userVariable, passwordVariable) in VariablesFor(mode))
        {
            var user = environment(userVariable);
            var password = environment(passwordVariable);
            if (!string.IsNullOrEmpty(user) && !string.IsNullOrEmpty(password))
            {
                return new ResolvedCredential(new RegistryCredential(user, password), $"environment variables {userVariable}/{passwordVariable}");
            }
        }
        return null;
    }
}
