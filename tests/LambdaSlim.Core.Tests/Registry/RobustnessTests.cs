using LambdaSlim.Tests.Shared;
using LambdaSlim.Core.Registry.Push;
using LambdaSlim.Core.Tests.Registry.Support;

namespace LambdaSlim.Core.Tests.Registry;

/// <summary>Retries, interrupted pushes and cross-repository mounts against a real docker-registry.</summary>
public sealed class RobustnessTests
{
    [Fact]
    public async Task Push_RetriesInjectedServerErrorsAndSucceeds()
    {
        using var registry = DockerRegistry.Start();
        using var proxy = new FaultProxy(registry.Host);
        var image = TestImages.Build("t", [1000], [1000]);
        var failures = new Dictionary<string, int>();
        // The first two attempts at each blob upload session and at the index tag get a 503.
        proxy.Fault = (method, url) =>
        {
            var key = method == "POST" && url.Contains("/blobs/uploads/") ? "post" : method == "PUT" && url.EndsWith("/manifests/t") ? "index" : null;
            if (key is null)
            {
                return null;
            }
            lock (failures)
            {
                failures[key] = failures.GetValueOrDefault(key) + 1;
                return failures[key] <= 2 ? 503 : null;
            }
        };
        var log = new CapturingLog();

        var result = await new ImagePusher(TestOptions.Create(log, maxRetries: 4)).PushAsync(
            new PushRequest(image.LayoutPath, proxy.Host, "retry", ["t"]), CancellationToken.None);

        Assert.Equal(4, proxy.Injected.Count);
        Assert.Equal(image.DistinctBlobs, result.BlobsUploaded);
        Assert.Contains(log.Lines, l => l.StartsWith("warning: Retrying") && l.Contains("503"));
        Assert.Equal(image.IndexDigest, TestImages.InspectRaw(registry.Host, "retry", "t").Digest);
    }

    [Fact]
    public async Task Push_WhenTheRegistryKeepsFailing_GivesUpWithLSLIM3006()
    {
        using var registry = DockerRegistry.Start();
        using var proxy = new FaultProxy(registry.Host) { Fault = (method, _) => method == "POST" ? 500 : null };
        var image = TestImages.Build("t", [1000], [1000]);

        var error = await Assert.ThrowsAsync<LambdaSlimException>(() => new ImagePusher(TestOptions.Create(new CapturingLog(), maxRetries: 2)).PushAsync(
            new PushRequest(image.LayoutPath, proxy.Host, "retry", ["t"]), CancellationToken.None));

        Assert.Equal("LSLIM3006", error.Code);
        Assert.Equal(3, proxy.Injected.Count);
    }

    [Fact]
    public async Task Push_InterruptedByARegistryCrash_FailsClearly_AndTheRerunSendsOnlyTheMissingBlobs()
    {
        using var registry = DockerRegistry.Start();
        var image = TestImages.Build("t", [300_000, 300_000, 300_000], [300_000, 300_000]);
        var log = new CapturingLog();
        var killed = 0;
        // Kill the registry right after the first blob is committed, as a crash would.
        log.OnLine = line =>
        {
            if (line.Contains("Uploaded sha256:") && Interlocked.Exchange(ref killed, 1) == 0)
            {
                registry.Kill();
            }
        };

        var error = await Assert.ThrowsAsync<LambdaSlimException>(() => new ImagePusher(TestOptions.Create(log, maxRetries: 1)).PushAsync(
            new PushRequest(image.LayoutPath, registry.Host, "crash", ["t"]), CancellationToken.None));
        Assert.Equal("LSLIM3005", error.Code);
        Assert.Contains(registry.Host, error.Message);

        registry.Launch();
        using var proxy = new FaultProxy(registry.Host);
        var rerun = await new ImagePusher(TestOptions.Create(new CapturingLog())).PushAsync(
            new PushRequest(image.LayoutPath, proxy.Host, "crash", ["t"]), CancellationToken.None);

        Assert.Equal(1, rerun.BlobsSkipped);
        Assert.Equal(image.DistinctBlobs - 1, rerun.BlobsUploaded);
        Assert.Equal(image.DistinctBlobs - 1, proxy.BlobUploads);
        Assert.Equal(image.IndexDigest, TestImages.InspectRaw(registry.Host, "crash", "t").Digest);
    }

    [Fact]
    public async Task Push_WithMountFrom_MountsBlobsTheSourceRepositoryHas_InsteadOfUploading()
    {
        using var registry = DockerRegistry.Start();
        var image = TestImages.Build("t", [100_000], [100_000]);
        await new ImagePusher(TestOptions.Create(new CapturingLog())).PushAsync(
            new PushRequest(image.LayoutPath, registry.Host, "source", ["t"]), CancellationToken.None);
        using var proxy = new FaultProxy(registry.Host);

        var result = await new ImagePusher(TestOptions.Create(new CapturingLog())).PushAsync(
            new PushRequest(image.LayoutPath, proxy.Host, "target", ["t"]) { MountFrom = "source" }, CancellationToken.None);

        Assert.Equal(image.DistinctBlobs, result.BlobsMounted);
        Assert.Equal(0, proxy.BlobUploads);
        Assert.Contains(proxy.Requests, r => r.Contains("mount=sha256") && r.Contains("from=source"));
        Assert.Equal(image.IndexDigest, TestImages.InspectRaw(registry.Host, "target", "t").Digest);
    }
}
