using System.Text.Json;
using LambdaSlim.Core.Closure;
using LambdaSlim.Core.Image;
using LambdaSlim.Core.Publishing;
using LambdaSlim.Core.Runtime;
using LambdaSlim.Core.Tests.Support;

namespace LambdaSlim.Core.Tests.Image;

/// <summary>
/// The run-time parts in built images, read and run with the real tools: each architecture's image has .NET's own
/// OpenSSL shim as bootstrap and, beside it in /var/task, .NET's ICU loader and programs that ask glibc for
/// <c>localhost</c> and for Europe/Berlin's offsets. Everything runs as Lambda runs it: a non-root uid, read-only
/// root, only /tmp writable, no host file visible.
/// </summary>
[Collection(NativeProgramsCollection.Name)]
public sealed class RuntimePartImageTests(NativePrograms programs, RuntimePartImageTests.SharedImage shared) : IClassFixture<RuntimePartImageTests.SharedImage>
{
    /// <summary>The image every test here reads, built once for the class (the ICU layer alone is 30 MB to compress).</summary>
    public sealed class SharedImage : IDisposable
    {
        private readonly Lock _lock = new();
        private (ImageBuildOptions Options, ImageBuildResult Result)? _built;

        public TempDirectory Temp { get; } = new();

        public (ImageBuildOptions Options, ImageBuildResult Result) Get(NativePrograms programs)
        {
            lock (_lock)
            {
                if (_built is null)
                {
                    var options = ImageFixture.Options(Temp.Path,
                        Stage(Temp.Path, LambdaArchitecture.X86_64, programs.OpenSslShimX64, programs.IcuLoaderX64, programs.LocalhostX64, programs.ZoneOffsetsX64),
                        Stage(Temp.Path, LambdaArchitecture.Arm64, programs.OpenSslShimArm64, programs.IcuLoaderArm64, programs.LocalhostArm64, programs.ZoneOffsetsArm64))
                        with { RuntimeParts = new RuntimePartSettings { Icu = RuntimePartMode.Include, TimeZoneData = RuntimePartMode.Include } };
                    _built = (options, ImageBuilder.Build(options));
                }
                return _built.Value;
            }
        }

        public void Dispose() => Temp.Dispose();
    }

    private readonly TempDirectory _temp = shared.Temp;
    private readonly NativePrograms _programs = programs;
    private readonly ImageBuildOptions _options = shared.Get(programs).Options;
    private readonly ImageBuildResult _result = shared.Get(programs).Result;

    /// <summary>A staged function folder: the bootstrap, and the tools beside it under their names without the architecture suffix.</summary>
    private static ArchitectureInput Stage(string root, LambdaArchitecture architecture, string bootstrap, params string[] tools)
    {
        var input = ImageFixture.Stage(root, architecture, bootstrap);
        foreach (var tool in tools)
        {
            File.Copy(tool, Path.Combine(input.AppDirectory, Path.GetFileName(tool)[..Path.GetFileName(tool).LastIndexOf('-')]), overwrite: true);
        }
        return input;
    }

    [Fact]
    public void Each_part_is_its_own_layer_between_base_and_app_and_the_config_points_openssl_at_the_bundle()
    {
        foreach (var image in _result.Images)
        {
            Assert.Equal(["base", "openssl", "ca-certificates", "tzdata", "icu", "app"], image.Layers.Select(l => l.Role));
            Assert.Equal(6, image.Config.History.Count);
            Assert.Contains(image.Config.History, h => h.CreatedBy!.StartsWith("LambdaSlim openssl layer: TLS and hashing (libssl.so.3, libcrypto.so.3); ", StringComparison.Ordinal));
            Assert.Contains("SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt", image.Config.Config.Env);
            Assert.DoesNotContain(image.Config.Config.Env, e => e.StartsWith("SSL_CERT_DIR=", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Adding_openssl_leaves_the_base_layer_of_hello_unchanged_and_the_part_layers_are_shared()
    {
        using var other = new TempDirectory();
        var hello = ImageBuilder.Build(ImageFixture.BothArchitectures(other.Path, _programs));
        using var third = new TempDirectory();
        // Another function that only does TLS: a different app, the same OpenSSL and certificate layers.
        var tlsOnly = ImageBuilder.Build(ImageFixture.Options(third.Path,
            ImageFixture.Stage(third.Path, LambdaArchitecture.X86_64, _programs.OpenSslShimX64),
            ImageFixture.Stage(third.Path, LambdaArchitecture.Arm64, _programs.OpenSslShimArm64)));

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(["base", "app"], hello.Images[i].Layers.Select(l => l.Role));
            Assert.Equal(hello.Images[i].Layers[0].Descriptor.Digest, _result.Images[i].Layers[0].Descriptor.Digest);
            Assert.Equal(hello.Images[i].Layers[0].Descriptor.Digest, tlsOnly.Images[i].Layers[0].Descriptor.Digest);
            Assert.Equal(_result.Images[i].Layers[1].Descriptor.Digest, tlsOnly.Images[i].Layers[1].Descriptor.Digest);
            Assert.Equal(_result.Images[i].Layers[2].Descriptor.Digest, tlsOnly.Images[i].Layers[2].Descriptor.Digest);
            Assert.NotEqual(_result.Images[i].Layers[^1].Descriptor.Digest, tlsOnly.Images[i].Layers[^1].Descriptor.Digest);
        }
    }

    [Fact]
    public void The_report_lists_every_file_loaded_at_run_time_with_its_reason_and_each_parts_bytes()
    {
        using var report = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_options.ReportDirectory!, "report.json")));
        var arm = report.RootElement.GetProperty("architectures")[1];
        var parts = arm.GetProperty("runtimeParts").EnumerateArray().ToList();

        Assert.Equal(["openssl", "ca-certificates", "tzdata", "icu"], parts.Select(p => p.GetProperty("name").GetString()));
        var openSsl = parts[0];
        Assert.Equal("TLS and hashing", openSsl.GetProperty("purpose").GetString());
        Assert.Equal("LambdaOpenSsl", openSsl.GetProperty("property").GetString());
        Assert.Equal("bootstrap contains .NET's OpenSSL shim", openSsl.GetProperty("reason").GetString());
        var openSslLayer = _result.Images[1].Layers.Single(l => l.Role == "openssl");
        Assert.Equal(openSslLayer.Descriptor.Size, openSsl.GetProperty("compressedBytes").GetInt64());
        Assert.Equal(openSslLayer.UncompressedSize, openSsl.GetProperty("uncompressedBytes").GetInt64());
        Assert.Contains(openSsl.GetProperty("files").EnumerateArray(), f =>
            f.GetProperty("path").GetString() == "/lib/aarch64-linux-gnu/libssl.so.3" && f.GetProperty("reason").GetString() == "TLS and hashing");
        Assert.Equal("LambdaIcu=Include", parts[3].GetProperty("reason").GetString());

        var markdown = File.ReadAllText(Path.Combine(_options.ReportDirectory!, "report.md"));
        Assert.Contains("| openssl (TLS and hashing; `LambdaOpenSsl`) | bootstrap contains .NET's OpenSSL shim |", markdown);
        Assert.Contains("| `/lib/x86_64-linux-gnu/libssl.so.3` |", markdown);
        Assert.Contains("| `/usr/share/zoneinfo` |", markdown);
    }

    [Fact]
    public void A_sysroot_without_libssl_fails_the_build_with_nothing_written()
    {
        using var temp = new TempDirectory();
        var lib = Directory.CreateDirectory(temp.Combine("sysroot", "lib", "x86_64-linux-gnu")).FullName;
        foreach (var name in new[] { "libc.so.6", "ld-linux-x86-64.so.2" })
        {
            File.Copy(Path.Combine("/lib/x86_64-linux-gnu", name), Path.Combine(lib, name));
        }
        var options = ImageFixture.Options(temp.Path, ImageFixture.Stage(temp.Path, LambdaArchitecture.X86_64, _programs.OpenSslShimX64,
            sysroot: Sysroot.FromRoot(temp.Combine("sysroot"), LambdaArchitecture.X86_64)));

        var error = Assert.Throws<LambdaSlimException>(() => ImageBuilder.Build(options));

        Assert.Equal("LSLIM2061", error.Code);
        Assert.Contains("libssl.so.3", error.Message);
        Assert.False(Directory.Exists(options.LayoutDirectory));
        Assert.False(File.Exists(options.ArchivePath));
        Assert.False(File.Exists(Path.Combine(options.ReportDirectory!, "report.json")));
    }

    [Theory]
    [InlineData("x86_64")]
    [InlineData("arm64")]
    public void In_the_image_openssl_and_icu_load_localhost_resolves_and_berlin_has_summer_time(string architecture)
    {
        var rootfs = Unpack($"latest-{architecture}", _options.LayoutDirectory);

        Assert.Equal("", RunInImage(rootfs, architecture, "/var/task/bootstrap", "load").StandardOutput);
        Assert.Equal("ICU 72\n", RunInImage(rootfs, architecture, "/var/task/icu-loader", "load").StandardOutput);
        // Both loopback addresses, in the order glibc sorts them.
        Assert.Equal(["127.0.0.1", "::1"], RunInImage(rootfs, architecture, "/var/task/localhost").StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
        Assert.Equal("+0100 CET\n+0200 CEST\n", RunInImage(rootfs, architecture, "/var/task/zone-offsets").StandardOutput);
    }

    [Fact]
    public void Without_the_parts_the_same_programs_fail_in_the_image()
    {
        using var temp = new TempDirectory();
        var options = ImageFixture.Options(temp.Path, Stage(temp.Path, LambdaArchitecture.X86_64, _programs.OpenSslShimX64, _programs.ZoneOffsetsX64, _programs.LocalhostX64))
            with { RuntimeParts = new RuntimePartSettings { OpenSsl = RuntimePartMode.None } };
        ImageBuilder.Build(options);
        var rootfs = Unpack("latest-x86_64", options.LayoutDirectory);

        var openSsl = RunInImage(rootfs, "x86_64", "/var/task/bootstrap", "load", check: false);
        Assert.NotEqual(0, openSsl.ExitCode);
        Assert.Contains("No usable version of libssl was found", openSsl.StandardError);
        // No zoneinfo: glibc falls back to UTC under the zone's name.
        Assert.Equal("+0000 Europe\n+0000 Europe\n", RunInImage(rootfs, "x86_64", "/var/task/zone-offsets").StandardOutput);
        File.Delete(Path.Combine(rootfs, "etc", "hosts"));
        Assert.StartsWith("error: ", RunInImage(rootfs, "x86_64", "/var/task/localhost", check: false).StandardOutput);
    }

    /// <summary>Unpacks with umoci and adds the mount points bwrap cannot create inside a read-only root.</summary>
    private string Unpack(string reference, string layout)
    {
        var bundle = _temp.Combine("bundle-" + Guid.NewGuid().ToString("N"));
        ProcessRunner.Check("umoci", "unpack", "--image", $"{layout}:{reference}", bundle);
        var rootfs = Path.Combine(bundle, "rootfs");
        Directory.CreateDirectory(Path.Combine(rootfs, "proc"));
        Directory.CreateDirectory(Path.Combine(rootfs, "dev"));
        File.WriteAllBytes(Path.Combine(rootfs, "qemu"), []);
        return rootfs;
    }

    /// <summary>Runs a program of the rootfs as Lambda would: uid/gid 1000, read-only root, a fresh /tmp, no network but loopback.</summary>
    private static ProcessResult RunInImage(string rootfs, string architecture, string program, string? argument = null, bool check = true)
    {
        List<string> arguments = ["--unshare-all", "--die-with-parent", "--uid", "1000", "--gid", "1000", "--ro-bind", rootfs, "/",
            "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--clearenv", "--setenv", "TZ", "Europe/Berlin",
            "--setenv", "SSL_CERT_FILE", "/etc/ssl/certs/ca-certificates.crt"];
        if (architecture == "arm64")
        {
            arguments.AddRange(["--ro-bind", "/usr/bin/qemu-aarch64-static", "/qemu", "/qemu"]);
        }
        arguments.Add(program);
        if (argument is not null)
        {
            arguments.Add(argument);
        }
        return check ? ProcessRunner.Check("bwrap", [.. arguments]) : ProcessRunner.Run("bwrap", [.. arguments]);
    }
}
