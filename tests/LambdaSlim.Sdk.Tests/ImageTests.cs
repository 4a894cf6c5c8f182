using System.Text.Json;
using LambdaSlim.Emulator;
using LambdaSlim.Sdk.Tests.Infrastructure;

namespace LambdaSlim.Sdk.Tests;

/// <summary>
/// The image `dotnet publish -p:PublishLambdaImage=true` writes, read and run with real tools: skopeo, umoci, bwrap
/// (and qemu for arm64), answering an invoke through the Runtime API emulator.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class ImageTests(PublishedSamples samples)
{
    private static string Layout(PublishedSample sample) => Path.Combine(sample.Workspace.LambdaOutput, "image");

    [Fact]
    public async Task Skopeo_reads_the_index_and_both_single_architecture_manifests()
    {
        var published = await samples.HelloDefault;

        var index = await Skopeo("inspect", "--raw", $"oci:{Layout(published)}:latest");
        using var indexJson = JsonDocument.Parse(index);
        Assert.Equal("application/vnd.oci.image.index.v1+json", indexJson.RootElement.GetProperty("mediaType").GetString());
        var platforms = indexJson.RootElement.GetProperty("manifests").EnumerateArray()
            .Select(m => m.GetProperty("platform").GetProperty("architecture").GetString()).ToList();
        Assert.Equal(["amd64", "arm64"], platforms.Order());

        foreach (var (tag, architecture) in new[] { ("latest-x86_64", "amd64"), ("latest-arm64", "arm64") })
        {
            using var manifest = JsonDocument.Parse(await Skopeo("inspect", "--raw", $"oci:{Layout(published)}:{tag}"));
            Assert.Equal("application/vnd.oci.image.manifest.v1+json", manifest.RootElement.GetProperty("mediaType").GetString());
            Assert.All(manifest.RootElement.GetProperty("layers").EnumerateArray(),
                layer => Assert.EndsWith("+gzip", layer.GetProperty("mediaType").GetString()));
            using var config = JsonDocument.Parse(await Skopeo("inspect", "--config", $"oci:{Layout(published)}:{tag}"));
            Assert.Equal(architecture, config.RootElement.GetProperty("architecture").GetString());
            Assert.Equal("/var/task/bootstrap", config.RootElement.GetProperty("config").GetProperty("Entrypoint")[0].GetString());
        }
    }

    [Fact]
    public async Task Image_tar_loads_with_skopeo()
    {
        var published = await samples.HelloDefault;
        var copy = Path.Combine(published.Workspace.Directory, "copied-from-archive");

        await Skopeo("copy", $"oci-archive:{Path.Combine(published.Workspace.LambdaOutput, "image.tar")}:latest-arm64", $"oci:{copy}:copied");

        using var manifest = JsonDocument.Parse(await Skopeo("inspect", "--raw", $"oci:{copy}:copied"));
        Assert.Equal(2, manifest.RootElement.GetProperty("layers").GetArrayLength());
    }

    [Theory]
    [InlineData("hello:latest", "amd64")]
    [InlineData("hello:latest-x86_64", "amd64")]
    [InlineData("hello:latest-arm64", "arm64")]
    public async Task Image_tar_reads_as_a_docker_archive_by_each_tag_the_way_docker_load_reads_it(string tag, string architecture)
    {
        // No Docker engine here: skopeo's docker-archive transport reads the same manifest.json (Config, RepoTags,
        // Layers) that `docker load` and `podman load` read, and the copy verifies every blob against its digest.
        var published = await samples.HelloDefault;
        var archive = Path.Combine(published.Workspace.LambdaOutput, "image.tar");
        var copy = Path.Combine(published.Workspace.Directory, "from-docker-archive-" + tag.Replace(':', '-'));

        await Skopeo("copy", $"docker-archive:{archive}:{tag}", $"oci:{copy}:copied");

        using var config = JsonDocument.Parse(await Skopeo("inspect", "--config", $"oci:{copy}:copied"));
        Assert.Equal(architecture, config.RootElement.GetProperty("architecture").GetString());
        Assert.Equal("/var/task/bootstrap", config.RootElement.GetProperty("config").GetProperty("Entrypoint")[0].GetString());
    }

    [Theory]
    [InlineData("x86_64", "X64")]
    [InlineData("arm64", "Arm64")]
    public async Task Umoci_unpacks_without_warnings_and_the_image_answers_under_bwrap(string architecture, string processArchitecture)
    {
        var published = await samples.HelloDefault;
        await UnpackAsync(published, architecture); // umoci, no warnings

        // The image's own rootfs, run the way `lambdaslim invoke` runs it (ImageInvoker): bwrap, read-only root, uid 993.
        var invocation = await ImageInvoker.InvokeOnceAsync(Layout(published), architecture,
            Path.Combine(published.Workspace.Directory, "local-cache"), """{"from":"bwrap"}""");

        Assert.True(invocation.Result.Status == InvocationStatus.Success, invocation.ToString());
        Assert.Matches(@"^(\S*/)?bwrap ", invocation.Command);
        Assert.Contains("--uid 993 --gid 990", invocation.Command);
        Assert.Contains($"\"architecture\":\"{processArchitecture}\"", invocation.Result.PayloadText);
    }

    [Fact]
    public async Task The_x86_64_rootfs_holds_exactly_the_closure_the_user_files_and_bootstrap()
    {
        var published = await samples.HelloDefault;
        var rootfs = await UnpackAsync(published, "x86_64");

        var entries = Directory.EnumerateFileSystemEntries(rootfs, "*", SearchOption.AllDirectories)
            .Where(e => File.Exists(e) || !Directory.EnumerateFileSystemEntries(e).Any())
            .Select(e => "/" + Path.GetRelativePath(rootfs, e))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(ExpectedHelloRootfs, entries);
    }

    /// <summary>
    /// Everything in the Hello image: the loader, libc, libm, users, the resolver's files, /tmp, and the function.
    /// Hello uses neither TLS nor hashing, so no OpenSSL and no CA bundle.
    /// </summary>
    private static readonly string[] ExpectedHelloRootfs =
    [
        "/etc/group",
        "/etc/host.conf",
        "/etc/hosts",
        "/etc/nsswitch.conf",
        "/etc/passwd",
        "/lib/x86_64-linux-gnu/libc.so.6",
        "/lib/x86_64-linux-gnu/libm.so.6",
        "/lib64/ld-linux-x86-64.so.2",
        "/tmp",
        "/var/task/bootstrap",
    ];

    [Fact]
    public async Task A_sysroot_without_libssl_fails_the_publish_with_the_coded_error_and_leaves_the_image_as_it_was()
    {
        var published = await samples.HelloDefault;
        var index = Path.Combine(Layout(published), "index.json");
        var before = File.ReadAllBytes(index);
        // A root filesystem with glibc and nothing else, as a hand-made sysroot often is.
        var sysroot = Path.Combine(published.Workspace.Directory, "glibc-only-sysroot");
        var lib = Directory.CreateDirectory(Path.Combine(sysroot, "lib", "x86_64-linux-gnu")).FullName;
        foreach (var name in new[] { "libc.so.6", "libm.so.6", "ld-linux-x86-64.so.2" })
        {
            File.Copy(Path.Combine("/lib/x86_64-linux-gnu", name), Path.Combine(lib, name), overwrite: true);
        }

        // Hello needs no OpenSSL of its own, so the test asks for it; the image step then finds none in the sysroot.
        var result = await published.Workspace.PublishAsync("-p:PublishLambdaImage=true", "-p:LambdaOpenSsl=Include", $"-p:LambdaSysroot_x86_64={sysroot}");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error LSLIM2061:", result.Output);
        Assert.Contains("The x86_64 image needs libssl.so.3 (TLS and hashing) because LambdaOpenSsl=Include", result.Output);
        Assert.Contains($"the sysroot '{sysroot}'", result.Output);
        Assert.Equal(before, File.ReadAllBytes(index));
    }

    [Fact]
    public async Task Two_clean_builds_in_different_folders_give_the_same_index_digest_and_functions_share_the_base_layer()
    {
        var first = await samples.HelloDefault;
        var second = await samples.GetAsync("hello-again/in/another/folder", "Hello", "-p:PublishLambdaImage=true");
        Assert.Equal(IndexDigest(first), IndexDigest(second));

        var other = await samples.BehaviorsDefault;
        Assert.NotEqual(IndexDigest(first), IndexDigest(other));
        foreach (var tag in new[] { "latest-x86_64", "latest-arm64" })
        {
            Assert.Equal(await BaseLayerDigest(first, tag), await BaseLayerDigest(other, tag));
        }
    }

    private static string IndexDigest(PublishedSample sample)
    {
        using var index = JsonDocument.Parse(File.ReadAllText(Path.Combine(Layout(sample), "index.json")));
        return index.RootElement.GetProperty("manifests").EnumerateArray()
            .Single(m => m.GetProperty("annotations").GetProperty("org.opencontainers.image.ref.name").GetString() == "latest")
            .GetProperty("digest").GetString()!;
    }

    private static async Task<string> BaseLayerDigest(PublishedSample sample, string tag)
    {
        using var manifest = JsonDocument.Parse(await Skopeo("inspect", "--raw", $"oci:{Layout(sample)}:{tag}"));
        return manifest.RootElement.GetProperty("layers")[0].GetProperty("digest").GetString()!;
    }

    private static async Task<string> UnpackAsync(PublishedSample sample, string architecture)
    {
        var bundle = Path.Combine(sample.Workspace.Directory, "bundle-" + architecture);
        if (!Directory.Exists(bundle))
        {
            var umoci = await ProcessRunner.RunAsync("umoci", ["unpack", "--rootless", "--image", $"{Layout(sample)}:latest-{architecture}", bundle],
                sample.Workspace.Directory);
            Assert.True(umoci.ExitCode == 0, umoci.ToString());
            Assert.DoesNotContain("warn", umoci.StandardError, StringComparison.OrdinalIgnoreCase);
        }

        return Path.Combine(bundle, "rootfs");
    }

    internal static async Task<string> Skopeo(params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync("skopeo", ["--insecure-policy", .. arguments], TestRepo.RunDirectory, timeout: TimeSpan.FromMinutes(2));
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.StandardOutput;
    }
}
