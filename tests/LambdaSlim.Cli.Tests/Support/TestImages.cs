using System.Security.Cryptography;
using LambdaSlim.Core.Image;
using LambdaSlim.Core.Publishing;
using System.Text.Json.Nodes;

namespace LambdaSlim.Cli.Tests.Support;

/// <summary>
/// Real Lambda images built once per test run: the C Runtime API function (Native/echo-function.c) compiled for
/// x86_64 (clang) and arm64 (aarch64-linux-gnu-gcc), statically for the images and dynamically for the bare
/// bootstrap files, packed with umoci into one OCI layout holding tags <c>t-x86_64</c> and <c>t-arm64</c> (two layers
/// each: the second deletes a file of the first, so whiteouts are exercised), an index tag <c>t</c> over both listed
/// first in index.json (so selection walks an index by platform), and an OCI archive of the layout.
/// </summary>
public sealed class TestImages : IDisposable
{
    private readonly TempDirectory _directory = new("lslim-cli-images-");

    public TestImages()
    {
        var source = Path.Combine(AppContext.BaseDirectory, "Native", "echo-function.c");
        var staticX64 = Compile("clang", source, "echo-x86_64-static", "-static");
        var staticArm64 = Compile("aarch64-linux-gnu-gcc", source, "echo-arm64-static", "-static");
        BootstrapX64 = Bootstrap(Compile("clang", source, "echo-x86_64"), "x86_64");
        BootstrapArm64 = Bootstrap(Compile("aarch64-linux-gnu-gcc", source, "echo-arm64"), "arm64");

        Layout = _directory.Combine("layout");
        ProcessRunner.Check("umoci", "init", "--layout", Layout);
        AddImage("t-x86_64", "amd64", staticX64);
        AddImage("t-arm64", "arm64", staticArm64);
        AddIndexTag("t");
        Archive = _directory.Combine("image.tar");
        ProcessRunner.Check("tar", "-C", Layout, "-cf", Archive, ".");
        (SdkLayout, SdkArchive) = BuildWithImageBuilder();
    }

    /// <summary>The same function as a LambdaSlim image (closure base layer + app layer) written by the SDK's own core.</summary>
    public string SdkLayout { get; }

    public string SdkArchive { get; }

    private (string Layout, string Archive) BuildWithImageBuilder()
    {
        var root = _directory.Combine("sdk");
        ArchitectureInput Stage(LambdaArchitecture architecture, string bootstrap)
        {
            var folder = Directory.CreateDirectory(Path.Combine(root, architecture.Name)).FullName;
            File.Copy(bootstrap, Path.Combine(folder, "bootstrap"));
            return new ArchitectureInput(architecture, folder, Path.Combine(folder, "bootstrap"), "Aot", null, new BaseImage.Closure(), []);
        }
        var result = ImageBuilder.Build(new ImageBuildOptions
        {
            Architectures = [Stage(LambdaArchitecture.X86_64, BootstrapX64), Stage(LambdaArchitecture.Arm64, BootstrapArm64)],
            LayoutDirectory = Path.Combine(root, "lambda", "image"),
            ArchivePath = Path.Combine(root, "lambda", "image.tar"),
            CacheDirectory = Path.Combine(root, "obj"),
            Repository = "echo",
        });
        return (result.LayoutDirectory, result.ArchivePath!);
    }

    /// <summary>A cache folder shared by the tests that do not measure caching.</summary>
    public string Cache => _directory.Combine("cache");

    /// <summary>The OCI layout folder.</summary>
    public string Layout { get; }

    /// <summary>The OCI archive (tar of <see cref="Layout"/>).</summary>
    public string Archive { get; }

    /// <summary>Folders holding a dynamically linked <c>bootstrap</c> file, one per architecture.</summary>
    public string BootstrapX64 { get; }

    public string BootstrapArm64 { get; }

    public string Image(string kind, string architecture) => kind switch
    {
        "layout" => Layout,
        "archive" => Archive,
        "bootstrap" => architecture == "arm64" ? BootstrapArm64 : BootstrapX64,
        "sdk-layout" => SdkLayout,
        "sdk-archive" => SdkArchive,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The manifest digest a tag names in index.json.</summary>
    public string ManifestDigest(string tag) =>
        ReadIndex()["manifests"]!.AsArray().Single(m => (string?)m!["annotations"]?["org.opencontainers.image.ref.name"] == tag)!["digest"]!.GetValue<string>();

    private string Compile(string compiler, string source, string name, params string[] extra)
    {
        var output = _directory.Combine(name);
        ProcessRunner.Check(compiler, ["-O2", "-Wall", "-o", output, source, .. extra]);
        return output;
    }

    private string Bootstrap(string binary, string architecture)
    {
        var folder = _directory.Combine("bootstrap-" + architecture);
        Directory.CreateDirectory(folder);
        var bootstrap = Path.Combine(folder, "bootstrap");
        File.Copy(binary, bootstrap);
        return bootstrap;
    }

    private void AddImage(string tag, string platformArchitecture, string bootstrap)
    {
        var image = $"{Layout}:{tag}";
        var bundle = _directory.Combine("bundle-" + tag);
        ProcessRunner.Check("umoci", "new", "--image", image);
        ProcessRunner.Check("umoci", "unpack", "--rootless", "--image", image, bundle);
        var rootfs = Path.Combine(bundle, "rootfs");
        Directory.CreateDirectory(Path.Combine(rootfs, "var", "task"));
        Directory.CreateDirectory(Path.Combine(rootfs, "etc"));
        File.Copy(bootstrap, Path.Combine(rootfs, "var", "task", "bootstrap"));
        File.WriteAllText(Path.Combine(rootfs, "etc", "removed-later"), "from layer 1\n");
        ProcessRunner.Check("umoci", "repack", "--refresh-bundle", "--image", image, bundle);
        File.Delete(Path.Combine(rootfs, "etc", "removed-later"));
        File.WriteAllText(Path.Combine(rootfs, "etc", "kept"), "from layer 2\n");
        ProcessRunner.Check("umoci", "repack", "--image", image, bundle);
        ProcessRunner.Check("umoci", "config", "--image", image, "--architecture", platformArchitecture, "--os", "linux",
            "--config.entrypoint", "/var/task/bootstrap", "--config.workingdir", "/var/task",
            "--config.env", "LSLIM_TEST_VAR=from-image", "--config.env", "LAMBDA_TASK_ROOT=/var/task");
    }

    /// <summary>Writes an image index over the per-architecture manifests and names it first in index.json.</summary>
    private void AddIndexTag(string tag)
    {
        var root = ReadIndex();
        var manifests = root["manifests"]!.AsArray();
        var entries = new JsonArray();
        foreach (var (architectureTag, architecture) in new[] { ("t-x86_64", "amd64"), ("t-arm64", "arm64") })
        {
            var descriptor = manifests.Single(m => (string?)m!["annotations"]?["org.opencontainers.image.ref.name"] == architectureTag)!;
            entries.Add(new JsonObject
            {
                ["mediaType"] = descriptor["mediaType"]!.GetValue<string>(),
                ["digest"] = descriptor["digest"]!.GetValue<string>(),
                ["size"] = descriptor["size"]!.GetValue<long>(),
                ["platform"] = new JsonObject { ["architecture"] = architecture, ["os"] = "linux" },
            });
        }
        var index = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.index.v1+json",
            ["manifests"] = entries,
        };
        var bytes = System.Text.Encoding.UTF8.GetBytes(index.ToJsonString());
        var hex = Convert.ToHexStringLower(SHA256.HashData(bytes));
        File.WriteAllBytes(Path.Combine(Layout, "blobs", "sha256", hex), bytes);
        manifests.Insert(0, new JsonObject
        {
            ["mediaType"] = "application/vnd.oci.image.index.v1+json",
            ["digest"] = "sha256:" + hex,
            ["size"] = bytes.Length,
            ["annotations"] = new JsonObject { ["org.opencontainers.image.ref.name"] = tag },
        });
        File.WriteAllText(Path.Combine(Layout, "index.json"), root.ToJsonString());
    }

    private JsonObject ReadIndex() => JsonNode.Parse(File.ReadAllText(Path.Combine(Layout, "index.json")))!.AsObject();

    public void Dispose() => _directory.Dispose();
}

[CollectionDefinition(Name)]
public sealed class TestImagesCollection : ICollectionFixture<TestImages>
{
    public const string Name = "test images";
}
