namespace LambdaSlim.Core.Registry.Credentials;

/// <summary>
/// Why we talk to a registry; it picks which environment variables apply, exactly as the .NET SDK's container
/// publishing does (so CI set-ups written for it work unchanged).
/// </summary>
public enum RegistryMode
{
    /// <summary>Pushing the built image: DOTNET_CONTAINER_PUSH_REGISTRY_*, then DOTNET_CONTAINER_REGISTRY_*, then SDK_CONTAINER_REGISTRY_*.</summary>
    Push,

    /// <summary>Pulling a base image from another registry: DOTNET_CONTAINER_PULL_REGISTRY_* only.</summary>
    Pull,

    /// <summary>Pulling a base image from the registry we push to: PULL_ first, then the generic and legacy forms.</summary>
    PullFromOutput,
}
