using System.Collections.Concurrent;

namespace LambdaSlim.Sdk.Tests.Infrastructure;

/// <summary>A sample published once, and the output of that publish.</summary>
public sealed record PublishedSample(SampleWorkspace Workspace, ProcessResult Publish);

/// <summary>
/// Publishes each (sample, arguments) combination once per test run and shares it between tests: NativeAOT builds
/// are the slow part of the suite, so tests that only read a publish's output never build again.
/// </summary>
public sealed class PublishedSamples : IDisposable
{
    /// <summary>Removes this run's sample copies (hundreds of MB of build output); LAMBDASLIM_KEEP_TEST_OUTPUT=1 keeps them.</summary>
    public void Dispose()
    {
        TestCa.Dispose();
        if (Environment.GetEnvironmentVariable("LAMBDASLIM_KEEP_TEST_OUTPUT") != "1" && Directory.Exists(TestRepo.RunDirectory))
        {
            Directory.Delete(TestRepo.RunDirectory, recursive: true);
        }
    }

    private readonly ConcurrentDictionary<string, Lazy<Task<PublishedSample>>> _cache = new();

    /// <summary>Hello published with only -p:PublishLambdaImage=true: both architectures, AOT.</summary>
    public Task<PublishedSample> HelloDefault => GetAsync("hello-default", "Hello", "-p:PublishLambdaImage=true");

    /// <summary>The behaviours function for both architectures, AOT.</summary>
    public Task<PublishedSample> BehaviorsDefault => GetAsync("behaviors-default", "Behaviors", "-p:PublishLambdaImage=true");

    /// <summary>The ASP.NET Core minimal API (a Microsoft.NET.Sdk.Web project) with only -p:PublishLambdaImage=true: both architectures, AOT.</summary>
    public Task<PublishedSample> WebApiDefault => GetAsync("webapi-default", "WebApi", "-p:PublishLambdaImage=true");

    /// <summary>The private CA of this run's TLS endpoints, which the Inventory image trusts through LambdaCaCertificate.</summary>
    public TestCertificateAuthority TestCa { get; } = new();

    /// <summary>
    /// The AWS SDK sample for both architectures in <paramref name="mode"/> (Aot or Trimmed), trusting
    /// <see cref="TestCa"/> as a user adds a company CA: a PEM file in the folder its LambdaCaCertificate item names.
    /// </summary>
    public Task<PublishedSample> Inventory(string mode) =>
        GetAsync($"inventory-{mode.ToLowerInvariant()}", "Inventory",
            workspace => File.WriteAllText(Path.Combine(workspace.Directory, "certs", "test-ca.pem"), TestCa.CaPem),
            "-p:PublishLambdaImage=true", $"-p:LambdaPublishMode={mode}");

    public Task<PublishedSample> GetAsync(string name, string sample, params string[] publishArguments) =>
        GetAsync(name, sample, null, publishArguments);

    /// <summary>As above; <paramref name="prepare"/> edits the copy before it is published.</summary>
    public Task<PublishedSample> GetAsync(string name, string sample, Action<SampleWorkspace>? prepare, params string[] publishArguments) =>
        _cache.GetOrAdd(name, _ => new Lazy<Task<PublishedSample>>(() => PublishAsync(name, sample, prepare, publishArguments))).Value;

    private static async Task<PublishedSample> PublishAsync(string name, string sample, Action<SampleWorkspace>? prepare, string[] publishArguments)
    {
        var workspace = SampleWorkspace.Create(sample, name);
        prepare?.Invoke(workspace);
        var result = await workspace.PublishAsync(publishArguments);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"Publishing {sample} ({string.Join(' ', publishArguments)}) failed:\n{result}");
        }

        return new PublishedSample(workspace, result);
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SdkCollection : ICollectionFixture<PublishedSamples>
{
    /// <summary>Every test that publishes is in this collection: one build at a time on a 2-core machine.</summary>
    public const string Name = "Published samples";
}
