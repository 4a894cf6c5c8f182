using LambdaSlim.Tests.Shared;
using System.Diagnostics;
using System.Text.Json;
using LambdaSlim.Core.Registry.Push;
using LambdaSlim.Core.Tests.Registry.Support;
using Xunit.Abstractions;

namespace LambdaSlim.Core.Tests.Registry;

/// <summary>Pushes umoci-built two-platform layouts to a real docker-registry and reads them back with skopeo.</summary>
public sealed class PushTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Push_PutsIndexAtTagAndEachArchitectureAtTagArch_WithTheLocalDigests()
    {
        using var registry = DockerRegistry.Start();
        var image = TestImages.Build("1.0", [2 * 1024 * 1024], [2 * 1024 * 1024]);
        var log = new CapturingLog();

        var clock = Stopwatch.StartNew();
        var result = await new ImagePusher(TestOptions.Create(log)).PushAsync(
            new PushRequest(image.LayoutPath, registry.Host, "team/hello", ["1.0"]), CancellationToken.None);
        var cold = clock.Elapsed;

        var (indexDigest, index) = TestImages.InspectRaw(registry.Host, "team/hello", "1.0");
        Assert.Equal(image.IndexDigest, indexDigest);
        Assert.Equal(image.IndexDigest, result.IndexDigest);
        var platforms = index.RootElement.GetProperty("manifests").EnumerateArray()
            .Select(m => m.GetProperty("platform").GetProperty("architecture").GetString()).ToList();
        Assert.Equal(["amd64", "arm64"], platforms);
        foreach (var (architecture, digest) in image.ManifestDigests)
        {
            var (manifestDigest, manifest) = TestImages.InspectRaw(registry.Host, "team/hello", $"1.0-{architecture}");
            Assert.Equal(digest, manifestDigest);
            Assert.True(manifest.RootElement.TryGetProperty("layers", out _), "a single-architecture manifest, not an index");
            Assert.Contains(result.Manifests, m => m.Architecture == architecture && m.Uri == $"{registry.Host}/team/hello@{digest}");
        }
        Assert.Equal(image.DistinctBlobs, result.BlobsUploaded);
        Assert.Equal(0, result.BlobsSkipped);
        Assert.Contains(log.Lines, l => l.Contains($"{registry.Host}/team/hello@{image.ManifestDigests["arm64"]}"));

        // A second push of the same image sends no blob at all: every HEAD finds it.
        clock.Restart();
        var again = await new ImagePusher(TestOptions.Create(new CapturingLog())).PushAsync(
            new PushRequest(image.LayoutPath, registry.Host, "team/hello", ["1.0"]), CancellationToken.None);
        var warm = clock.Elapsed;
        Assert.Equal(0, again.BlobsUploaded);
        Assert.Equal(0, again.BytesUploaded);
        Assert.Equal(image.DistinctBlobs, again.BlobsSkipped);
        output.WriteLine($"FIGURE cold push: {cold.TotalMilliseconds:0} ms, {result.BytesUploaded} bytes in {result.BlobsUploaded} blobs; re-push: {warm.TotalMilliseconds:0} ms, {again.BlobsUploaded} blobs uploaded");
    }

    [Fact]
    public async Task Push_WithSeveralTags_PutsEveryTagAndItsArchitectureTags()
    {
        using var registry = DockerRegistry.Start();
        var image = TestImages.Build("v1", [1000], [1000]);
        // The layout names the same index under a second tag, as the image builder does for ContainerImageTags.
        AddLayoutTag(image, "v1", "latest");

        await new ImagePusher(TestOptions.Create(new CapturingLog())).PushAsync(
            new PushRequest(image.LayoutPath, registry.Host, "multi", ["v1", "latest"]), CancellationToken.None);

        foreach (var tag in new[] { "v1", "latest" })
        {
            Assert.Equal(image.IndexDigest, TestImages.InspectRaw(registry.Host, "multi", tag).Digest);
            Assert.Equal(image.ManifestDigests["x86_64"], TestImages.InspectRaw(registry.Host, "multi", tag + "-x86_64").Digest);
            Assert.Equal(image.ManifestDigests["arm64"], TestImages.InspectRaw(registry.Host, "multi", tag + "-arm64").Digest);
        }
    }

    [Fact]
    public async Task Push_OfABlobOverTenMegabytes_UsesChunkedPatchAndTheRegistryStoresItIntact()
    {
        using var registry = DockerRegistry.Start();
        var image = TestImages.Build("big", [12 * 1024 * 1024], [1000]);
        var log = new CapturingLog();
        var options = TestOptions.Create(log) with { ChunkSize = 5 * 1024 * 1024 };

        await new ImagePusher(options).PushAsync(new PushRequest(image.LayoutPath, registry.Host, "big", ["big"]), CancellationToken.None);

        // The per-blob line reports size, time and rate.
        Assert.Contains(log.Lines, l => l.Contains("Uploaded in chunks") && l.Contains("12.0 MiB") && l.Contains("MiB/s"));
        // skopeo copies the image back, checking every blob against its digest.
        var copy = Path.Combine(Tool.TempDirectory(), "copy");
        Tool.Run("skopeo", "copy", "--src-tls-verify=false", $"docker://{registry.Host}/big:big-x86_64", $"oci:{copy}:x");
        var layer = JsonDocument.Parse(File.ReadAllText(Path.Combine(image.LayoutPath, "blobs", "sha256", image.ManifestDigests["x86_64"][7..])))
            .RootElement.GetProperty("layers")[0].GetProperty("digest").GetString()!;
        Assert.True(File.Exists(Path.Combine(copy, "blobs", "sha256", layer[7..])));
    }

    [Fact]
    public async Task Push_ToAMissingTag_InTheLayout_FailsWithCodedErrorBeforeSendingAnything()
    {
        using var registry = DockerRegistry.Start();
        var image = TestImages.Build("present", [1000], [1000]);

        var error = await Assert.ThrowsAsync<LambdaSlimException>(() => new ImagePusher(TestOptions.Create(new CapturingLog())).PushAsync(
            new PushRequest(image.LayoutPath, registry.Host, "repo", ["absent"]), CancellationToken.None));

        Assert.Equal("LSLIM3010", error.Code);
        Assert.Contains("absent", error.Message);
        Assert.Throws<InvalidOperationException>(() => TestImages.InspectRaw(registry.Host, "repo", "present"));
    }

    [Theory]
    [InlineData("Upper/Case", "t")]
    [InlineData("ok", "-bad")]
    public async Task Push_WithAnInvalidRepositoryOrTag_FailsWithLSLIM3008(string repository, string tag)
    {
        var image = TestImages.Build(tag.TrimStart('-'), [10], [10]);
        var error = await Assert.ThrowsAsync<LambdaSlimException>(() => new ImagePusher(TestOptions.Create(new CapturingLog())).PushAsync(
            new PushRequest(image.LayoutPath, "127.0.0.1:1", repository, [tag]), CancellationToken.None));
        Assert.Equal("LSLIM3008", error.Code);
    }

    private static void AddLayoutTag(TestImage image, string existing, string added)
    {
        var path = Path.Combine(image.LayoutPath, "index.json");
        var index = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!;
        var manifests = index["manifests"]!.AsArray();
        foreach (var suffix in new[] { "", "-x86_64", "-arm64" })
        {
            var entry = manifests.First(m => m!["annotations"]!["org.opencontainers.image.ref.name"]!.GetValue<string>() == existing + suffix)!.DeepClone();
            entry["annotations"]!["org.opencontainers.image.ref.name"] = added + suffix;
            manifests.Add(entry);
        }
        File.WriteAllText(path, index.ToJsonString());
    }
}
