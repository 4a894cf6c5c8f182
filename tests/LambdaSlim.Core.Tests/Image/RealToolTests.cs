using System.Text.Json;
using LambdaSlim.Core.Image;
using LambdaSlim.Core.Oci;
using LambdaSlim.Core.Publishing;
using LambdaSlim.Core.Tests.Support;

namespace LambdaSlim.Core.Tests.Image;

/// <summary>
/// Reads and runs what we write with the real tools: skopeo, umoci, bwrap and qemu-aarch64-static. One image for
/// both architectures is built per test class.
/// </summary>
[Collection(NativeProgramsCollection.Name)]
public sealed class RealToolTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly ImageBuildOptions _options;
    private readonly ImageBuildResult _result;

    public RealToolTests(NativePrograms programs)
    {
        _options = ImageFixture.BothArchitectures(_temp.Path, programs);
        _result = ImageBuilder.Build(_options);
    }

    public void Dispose() => _temp.Dispose();

    private string Layout => _options.LayoutDirectory;

    [Fact]
    public void Skopeo_reads_the_index_and_both_platform_manifests()
    {
        var raw = ProcessRunner.Check("skopeo", "inspect", "--raw", $"oci:{Layout}:latest").StandardOutput;
        using var index = JsonDocument.Parse(raw);
        Assert.Equal(OciMediaTypes.OciIndex, index.RootElement.GetProperty("mediaType").GetString());
        Assert.Equal(2, index.RootElement.GetProperty("manifests").GetArrayLength());
        Assert.Equal(_result.IndexJson, System.Text.Encoding.UTF8.GetBytes(raw));

        using var arm = JsonDocument.Parse(ProcessRunner.Check("skopeo", "inspect", $"oci:{Layout}:latest-arm64").StandardOutput);
        Assert.Equal("arm64", arm.RootElement.GetProperty("Architecture").GetString());
        Assert.Equal("linux", arm.RootElement.GetProperty("Os").GetString());
        Assert.Equal(2, arm.RootElement.GetProperty("Layers").GetArrayLength());

        using var x64 = JsonDocument.Parse(ProcessRunner.Check("skopeo", "inspect", "--raw", $"oci:{Layout}:latest-x86_64").StandardOutput);
        Assert.Equal(OciMediaTypes.OciManifest, x64.RootElement.GetProperty("mediaType").GetString());
    }

    [Fact]
    public void Umoci_unpacks_without_warnings_and_the_rootfs_holds_exactly_the_listed_files()
    {
        var bundle = _temp.Combine("bundle-x64");
        var unpack = ProcessRunner.Check("umoci", "unpack", "--image", $"{Layout}:latest-x86_64", bundle);

        Assert.DoesNotContain("warn", unpack.StandardError, StringComparison.OrdinalIgnoreCase);
        var rootfs = Path.Combine(bundle, "rootfs");
        var files = Directory.EnumerateFileSystemEntries(rootfs, "*", SearchOption.AllDirectories)
            .Select(p => "/" + Path.GetRelativePath(rootfs, p)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
        [
            "/etc", "/etc/group", "/etc/host.conf", "/etc/hosts", "/etc/nsswitch.conf", "/etc/passwd",
            "/lib", "/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu/libc.so.6",
            "/lib64", "/lib64/ld-linux-x86-64.so.2",
            "/tmp", "/var", "/var/task", "/var/task/bootstrap",
        ], files);
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(bundle, "config.json")));
        Assert.Equal("/var/task/bootstrap", config.RootElement.GetProperty("process").GetProperty("args")[0].GetString());
        Assert.Equal(1000, config.RootElement.GetProperty("process").GetProperty("user").GetProperty("uid").GetInt32());
    }

    [Fact]
    public void X86_64_rootfs_runs_under_bwrap()
    {
        var rootfs = Unpack("latest-x86_64");

        var run = ProcessRunner.Check("bwrap", "--unshare-all", "--bind", rootfs, "/", "--proc", "/proc", "--dev", "/dev",
            "--tmpfs", "/tmp", "/var/task/bootstrap");

        Assert.Equal("hello from x86_64\n", run.StandardOutput);
    }

    [Fact]
    public void Arm64_rootfs_runs_under_bwrap_and_qemu()
    {
        var rootfs = Unpack("latest-arm64");

        var run = ProcessRunner.Check("bwrap", "--unshare-all", "--bind", rootfs, "/", "--ro-bind", "/usr/bin/qemu-aarch64-static", "/qemu",
            "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "/qemu", "/var/task/bootstrap");

        Assert.Equal("hello from arm64\n", run.StandardOutput);
    }

    [Fact]
    public void Skopeo_copies_the_archive_and_it_has_a_docker_manifest()
    {
        var copy = _temp.Combine("copied");
        ProcessRunner.Check("skopeo", "copy", $"oci-archive:{_options.ArchivePath}:latest-arm64", $"oci:{copy}:t");
        var copied = ProcessRunner.Check("skopeo", "inspect", "--raw", $"oci:{copy}:t").StandardOutput;
        Assert.Equal(_result.Images.Single(i => i.Architecture == LambdaArchitecture.Arm64).ManifestJson, System.Text.Encoding.UTF8.GetBytes(copied));

        var extracted = _temp.Combine("archive");
        Directory.CreateDirectory(extracted);
        System.Formats.Tar.TarFile.ExtractToDirectory(_options.ArchivePath!, extracted, overwriteFiles: false);
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(extracted, "manifest.json")));
        var images = manifest.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, images.Count);
        Assert.Equal(["hello:latest", "hello:latest-x86_64"], images[0].GetProperty("RepoTags").EnumerateArray().Select(t => t.GetString()));
        foreach (var image in images)
        {
            Assert.True(File.Exists(Path.Combine(extracted, image.GetProperty("Config").GetString()!)));
            Assert.All(image.GetProperty("Layers").EnumerateArray(), l => Assert.True(File.Exists(Path.Combine(extracted, l.GetString()!))));
        }
    }

    [Fact]
    public void An_image_on_a_pulled_oci_layout_base_keeps_its_layers_and_env_and_unpacks()
    {
        // An image of ours plays the role of a pulled base: its x86_64 manifest from its layout.
        using var second = new TempDirectory();
        var baseOptions = _options with { LayoutDirectory = second.Combine("base-layout"), ArchivePath = null, Environment = [new("FROM_BASE", "1")] };
        var x64 = ImageBuilder.Build(baseOptions).Images.Single(i => i.Architecture == LambdaArchitecture.X86_64);
        var baseImage = new BaseImage.OciLayout(baseOptions.LayoutDirectory, x64.ManifestDescriptor.Digest);
        var input = ImageFixture.Stage(second.Path, LambdaArchitecture.X86_64, Path.Combine(_options.Architectures[0].Bootstrap), baseImage);
        var options = ImageFixture.Options(second.Path, input) with { Environment = [new("EXTRA", "1")] };

        var result = ImageBuilder.Build(options);

        var image = Assert.Single(result.Images);
        Assert.Equal(["base image", "base image", "app"], image.Layers.Select(l => l.Role));
        Assert.Equal(x64.Manifest.Layers.Select(l => l.Digest), image.Layers.Take(2).Select(l => l.Descriptor.Digest));
        Assert.Contains("FROM_BASE=1", image.Config.Config.Env);
        Assert.Contains("EXTRA=1", image.Config.Config.Env);
        Assert.Equal(3, image.Config.History.Count);
        var bundle = second.Combine("bundle");
        var unpack = ProcessRunner.Check("umoci", "unpack", "--image", $"{options.LayoutDirectory}:latest-x86_64", bundle);
        Assert.DoesNotContain("warn", unpack.StandardError, StringComparison.OrdinalIgnoreCase);

        var wrongArch = new BaseImage.OciLayout(Layout, _result.Images.Single(i => i.Architecture == LambdaArchitecture.Arm64).ManifestDescriptor.Digest);
        var bad = ImageFixture.Options(second.Path, input with { Base = wrongArch });
        Assert.Equal("LSLIM2022", Assert.Throws<LambdaSlimException>(() => ImageBuilder.Build(bad)).Code);
    }

    private string Unpack(string reference)
    {
        var bundle = _temp.Combine("bundle-" + reference);
        ProcessRunner.Check("umoci", "unpack", "--image", $"{Layout}:{reference}", bundle);
        return Path.Combine(bundle, "rootfs");
    }
}
