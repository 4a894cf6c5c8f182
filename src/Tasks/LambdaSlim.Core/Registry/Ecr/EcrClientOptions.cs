namespace LambdaSlim.Core.Registry.Ecr;

/// <summary>What an <see cref="EcrClient"/> takes from its caller; the defaults are the AWS ones.</summary>
public sealed record EcrClientOptions
{
    /// <summary>The keys to sign with; null means the standard AWS chain (<see cref="AwsSdkCredentialChain"/>).</summary>
    public IAwsCredentialSource? Credentials { get; init; }

    /// <summary>Where AWS_ENDPOINT_URL_ECR / AWS_ENDPOINT_URL are read from (tests pass a dictionary, not the process).</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    public IRegistryLog Log { get; init; } = NullRegistryLog.Instance;

    /// <summary>The clock for request signing and token expiry.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// <c>imageTagMutability</c> of repositories we create. MUTABLE, because every publish moves the tags
    /// <c>T</c>, <c>T-x86_64</c> and <c>T-arm64</c>; ECR also takes IMMUTABLE.
    /// </summary>
    public string ImageTagMutability { get; init; } = "MUTABLE";

    /// <summary><c>imageScanningConfiguration.scanOnPush</c> of repositories we create; null leaves ECR's default.</summary>
    public bool? ScanOnPush { get; init; }

    /// <summary>Retries after the first attempt on throttling, 5xx and connection failures.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>The first retry's median delay; it doubles per attempt, with jitter.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The time limit of one HTTP attempt.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public string UserAgent { get; init; } = "LambdaSlim.Sdk";
}
