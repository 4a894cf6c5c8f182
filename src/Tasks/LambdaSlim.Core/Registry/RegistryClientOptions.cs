using LambdaSlim.Core.Registry.Credentials;
using LambdaSlim.Core.Registry.Transport;

namespace LambdaSlim.Core.Registry;

/// <summary>Everything the registry client needs from its caller; the defaults suit real registries and ECR.</summary>
public sealed record RegistryClientOptions
{
    public required CredentialResolver Credentials { get; init; }

    public IRegistryLog Log { get; init; } = NullRegistryLog.Instance;

    public InsecureRegistries? Insecure { get; init; }

    /// <summary>Retries of one step after its first attempt (5xx, 429, dropped connections).</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>The first retry's median delay; it doubles per attempt, with jitter.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Blobs larger than this are sent in chunks: ECR refuses single-shot uploads above 10 MB.</summary>
    public long MonolithicLimit { get; init; } = 10 * 1024 * 1024;

    /// <summary>PATCH chunk size; ECR requires at least 5 MB for every chunk but the last.</summary>
    public long ChunkSize { get; init; } = 8 * 1024 * 1024;

    public string UserAgent { get; init; } = "LambdaSlim.Sdk";

    internal InsecureRegistries InsecureOrDefault => Insecure ?? InsecureRegistries.FromEnvironment(Credentials.Environment);
}
