using LambdaSlim.Tests.Shared;
using System.Text.Json;
using LambdaSlim.Core.Oci;
using LambdaSlim.Core.Registry;
using LambdaSlim.Core.Registry.Pull;
using LambdaSlim.Core.Registry.Push;
using LambdaSlim.Core.Tests.Registry.Support;

namespace LambdaSlim.Core.Tests.Registry;

/// <summary>Base-image pulls from a real docker-registry into the on-disk cache (itself an OCI layout).</summary>
public sealed class PullTests
{
    [Fact]
    public async Task Pull_OfATwoPlatformImage_CachesEachPlatformManifestAndItsBlobs_AndTheSecondPullDownloadsNothing()
    {
        using var registry = DockerRegistry.Start();
        var image = TestImages.Build("base", [50_000, 60_000], [70_000]);
        await new ImagePusher(TestOptions.Create(new CapturingLog())).PushAsync(
            new PushRequest(image.LayoutPath, registry.Host, "lambda/base", ["base"]), CancellationToken.None);
        var cacheRoot = Path.Combine(Tool.TempDirectory(), "cache");
        var log = new CapturingLog();
        var puller = new BaseImagePuller(TestOptions.Create(log), new BaseImageCache(cacheRoot));

        var pulled = await puller.PullAsync($"{registry.Host}/lambda/base:base", ["x86_64", "arm64"], null, CancellationToken.None);

        Assert.Equal(["x86_64", "arm64"], pulled.Select(p => p.Architecture));
        foreach (var base_ in pulled)
        {
            Assert.Equal(image.ManifestDigests[base_.Architecture], base_.ManifestDigest);
            Assert.Equal(Path.GetFullPath(cacheRoot), base_.LayoutPath);
            var manifest = File.ReadAllBytes(Path.Combine(cacheRoot, "blobs", "sha256", base_.ManifestDigest[7..]));
            foreach (var blob in ManifestContent.ManifestBlobs(manifest))
            {
                var path = Path.Combine(cacheRoot, "blobs", "sha256", blob.Digest[7..]);
                Assert.Equal(blob.Digest, Digests.Of(File.ReadAllBytes(path)));
            }
        }
        Assert.Equal(image.DistinctBlobs, pulled.Sum(p => p.BlobsDownloaded));
        // The cache is a valid OCI layout the real umoci can unpack, one named entry per platform.
        var bundle = Path.Combine(Tool.TempDirectory(), "bundle");
        Tool.Run("umoci", "unpack", "--rootless", "--image", $"{cacheRoot}:{registry.Host}/lambda/base:base@arm64", bundle);
        Assert.Equal(70_000, new FileInfo(Path.Combine(bundle, "rootfs", "var", "task", "layer0.bin")).Length);

        var again = await puller.PullAsync($"{registry.Host}/lambda/base:base", ["x86_64", "arm64"], null, CancellationToken.None);
        Assert.All(again, p => Assert.Equal(0, p.BlobsDownloaded));
        Assert.Equal(pulled.Select(p => p.ManifestDigest), again.Select(p => p.ManifestDigest));
    }

    [Fact]
    public async Task Pull_ByDigest_WhenFullyCached_NeedsNoRegistry()
    {
        var registry = DockerRegistry.Start();
        var image = TestImages.Build("base", [10_000], [10_000]);
        await new ImagePusher(TestOptions.Create(new CapturingLog())).PushAsync(
            new PushRequest(image.LayoutPath, registry.Host, "base", ["base"]), CancellationToken.None);
        var cache = new BaseImageCache(Path.Combine(Tool.TempDirectory(), "cache"));
        var reference = $"{registry.Host}/base@{image.IndexDigest}";
        await new BaseImagePuller(TestOptions.Create(new CapturingLog()), cache).PullAsync(reference, ["x86_64", "arm64"], null, CancellationToken.None);
        registry.Dispose();

        var offline = await new BaseImagePuller(TestOptions.Create(new CapturingLog(), maxRetries: 0), cache).PullAsync(reference, ["x86_64", "arm64"], null, CancellationToken.None);

        Assert.Equal(image.ManifestDigests["arm64"], offline.Single(p => p.Architecture == "arm64").ManifestDigest);
    }

    [Fact]
    public async Task Pull_OfADockerV2Schema2SinglePlatformImage_Works_AndTheOtherArchitectureFailsWithLSLIM3014()
    {
        using var registry = DockerRegistry.Start();
        var image = TestImages.Build("base", [10_000], [10_000]);
        // skopeo converts the amd64 image to Docker's v2s2 media types on the way to the registry.
        Tool.Run("skopeo", "copy", "--format", "v2s2", "--dest-tls-verify=false", $"oci:{image.LayoutPath}:base-x86_64", $"docker://{registry.Host}/docker-typed:amd64");
        var cache = new BaseImageCache(Path.Combine(Tool.TempDirectory(), "cache"));
        var puller = new BaseImagePuller(TestOptions.Create(new CapturingLog()), cache);

        var pulled = await puller.PullAsync($"{registry.Host}/docker-typed:amd64", ["x86_64"], null, CancellationToken.None);
        Assert.Equal(MediaTypes.DockerManifest, pulled[0].ManifestMediaType);

        var error = await Assert.ThrowsAsync<LambdaSlimException>(() => puller.PullAsync($"{registry.Host}/docker-typed:amd64", ["arm64"], null, CancellationToken.None));
        Assert.Equal("LSLIM3014", error.Code);
        Assert.Contains("amd64", error.Message);
    }

    [Fact]
    public async Task Pull_OfAMissingTag_FailsWithLSLIM3004()
    {
        using var registry = DockerRegistry.Start();
        var image = TestImages.Build("base", [100], [100]);
        await new ImagePusher(TestOptions.Create(new CapturingLog())).PushAsync(
            new PushRequest(image.LayoutPath, registry.Host, "base", ["base"]), CancellationToken.None);
        var puller = new BaseImagePuller(TestOptions.Create(new CapturingLog()), new BaseImageCache(Path.Combine(Tool.TempDirectory(), "cache")));

        var error = await Assert.ThrowsAsync<LambdaSlimException>(() => puller.PullAsync($"{registry.Host}/base:nope", ["x86_64"], null, CancellationToken.None));

        Assert.Equal("LSLIM3004", error.Code);
        Assert.Contains("base:nope", error.Message);
    }

    [Fact]
    public void CacheIndex_NamesEachPulledPlatform_AsAnOciLayoutIndex()
    {
        var cache = new BaseImageCache(Path.Combine(Tool.TempDirectory(), "cache"));
        cache.Name("r@x86_64", "sha256:" + new string('a', 64), 10, MediaTypes.OciManifest);
        cache.Name("r@x86_64", "sha256:" + new string('b', 64), 11, MediaTypes.OciManifest);
        cache.Name("r@arm64", "sha256:" + new string('c', 64), 12, MediaTypes.OciManifest);

        using var index = JsonDocument.Parse(File.ReadAllText(Path.Combine(cache.Root, "index.json")));
        var entries = index.RootElement.GetProperty("manifests").EnumerateArray().Select(e => OciDescriptor.Parse(e, "LSLIM3010", "test")).ToList();
        Assert.Equal(["r@x86_64", "r@arm64"], entries.Select(e => e.RefName));
        Assert.Equal("sha256:" + new string('b', 64), entries[0].Digest);
        Assert.True(File.Exists(Path.Combine(cache.Root, "oci-layout")));
    }
}
