using LambdaSlim.Tests.Shared;
using System.Text.Json;
using LambdaSlim.Sdk.Tests.Infrastructure;

namespace LambdaSlim.Sdk.Tests;

/// <summary>`dotnet publish` pushes the image to a real docker-registry process on 127.0.0.1.</summary>
[Collection(SdkCollection.Name)]
public sealed class PushTests(PublishedSamples samples)
{
    [Fact]
    public async Task Publish_pushes_the_index_and_per_architecture_manifests_with_the_local_digests()
    {
        // The default tag (latest), so the shared layout other tests read stays as it was.
        var published = await samples.HelloDefault;
        using var registry = DockerRegistry.Start();

        var push = await published.Workspace.PublishAsync("-p:PublishLambdaImage=true", $"-p:ContainerRegistry={registry.Host}",
            "-p:ContainerRepository=lambdaslim/hello");
        Assert.True(push.ExitCode == 0, push.ToString());

        var remote = $"docker://{registry.Host}/lambdaslim/hello";
        using var index = JsonDocument.Parse(await ImageTests.Skopeo("inspect", "--tls-verify=false", "--raw", $"{remote}:latest"));
        Assert.Equal(["amd64", "arm64"], index.RootElement.GetProperty("manifests").EnumerateArray()
            .Select(m => m.GetProperty("platform").GetProperty("architecture").GetString()).Order());
        foreach (var architecture in new[] { "x86_64", "arm64" })
        {
            using var manifest = JsonDocument.Parse(await ImageTests.Skopeo("inspect", "--tls-verify=false", "--raw", $"{remote}:latest-{architecture}"));
            Assert.Equal("application/vnd.oci.image.manifest.v1+json", manifest.RootElement.GetProperty("mediaType").GetString());
        }

        var remoteDigest = (await ImageTests.Skopeo("inspect", "--tls-verify=false", "--format", "{{.Digest}}", $"{remote}:latest")).Trim();
        using var localIndex = JsonDocument.Parse(File.ReadAllText(Path.Combine(published.Workspace.LambdaOutput, "image", "index.json")));
        var localDigest = localIndex.RootElement.GetProperty("manifests").EnumerateArray()
            .Single(m => m.GetProperty("annotations").GetProperty("org.opencontainers.image.ref.name").GetString() == "latest")
            .GetProperty("digest").GetString();
        Assert.Equal(localDigest, remoteDigest);
        // The deploy lines name the pushed per-architecture digests.
        Assert.Contains($"{registry.Host}/lambdaslim/hello@sha256:", push.Output);
    }
}
