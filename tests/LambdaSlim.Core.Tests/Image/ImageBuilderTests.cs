using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using LambdaSlim.Core.Image;
using LambdaSlim.Core.Oci;
using LambdaSlim.Core.Publishing;
using LambdaSlim.Core.Tests.Support;

namespace LambdaSlim.Core.Tests.Image;

[Collection(NativeProgramsCollection.Name)]
public sealed class ImageBuilderTests(NativePrograms programs)
{
    private static List<(string Name, TarEntryType Type, UnixFileMode Mode)> Entries(string blobPath)
    {
        var entries = new List<(string, TarEntryType, UnixFileMode)>();
        using var reader = new TarReader(new GZipStream(File.OpenRead(blobPath), CompressionMode.Decompress));
        while (reader.GetNextEntry() is { } entry)
        {
            entries.Add((entry.Name, entry.EntryType, entry.Mode));
        }
        return entries;
    }

    [Fact]
    public void Base_layer_holds_exactly_the_closure_passwd_group_resolver_files_tmp_and_task_root()
    {
        using var temp = new TempDirectory();
        var result = ImageBuilder.Build(ImageFixture.BothArchitectures(temp.Path, programs));

        var x64 = result.Images.Single(i => i.Architecture == LambdaArchitecture.X86_64);
        Assert.Equal(["base", "app"], x64.Layers.Select(l => l.Role));
        Assert.Equal(
        [
            "etc/", "etc/group", "etc/host.conf", "etc/hosts", "etc/nsswitch.conf", "etc/passwd",
            "lib/", "lib/x86_64-linux-gnu/", "lib/x86_64-linux-gnu/libc.so.6",
            "lib64/", "lib64/ld-linux-x86-64.so.2",
            "tmp/", "var/", "var/task/",
        ], Entries(x64.Layers[0].BlobPath).Select(e => e.Name));
        Assert.Equal(["var/", "var/task/", "var/task/bootstrap"], Entries(x64.Layers[1].BlobPath).Select(e => e.Name));

        var arm = result.Images.Single(i => i.Architecture == LambdaArchitecture.Arm64);
        Assert.Equal(
        [
            "etc/", "etc/group", "etc/host.conf", "etc/hosts", "etc/nsswitch.conf", "etc/passwd",
            "lib/", "lib/aarch64-linux-gnu/", "lib/aarch64-linux-gnu/libc.so.6", "lib/ld-linux-aarch64.so.1",
            "tmp/", "var/", "var/task/",
        ], Entries(arm.Layers[0].BlobPath).Select(e => e.Name));

        var entries = Entries(x64.Layers[0].BlobPath).ToDictionary(e => e.Name);
        Assert.Equal(LambdaSlim.Core.Layers.LayerEntry.StickyWorldWritable, entries["tmp/"].Mode);
        Assert.All(entries.Values, e => Assert.True(e.Type is TarEntryType.Directory or TarEntryType.RegularFile));
        Assert.Equal(TarEntryType.RegularFile, entries["lib64/ld-linux-x86-64.so.2"].Type);
        Assert.Equal((UnixFileMode)0b111_101_101, Entries(x64.Layers[1].BlobPath)[2].Mode);
    }

    [Fact]
    public void Config_sets_lambda_entrypoint_env_user_labels_and_platform()
    {
        using var temp = new TempDirectory();
        var options = ImageFixture.BothArchitectures(temp.Path, programs) with
        {
            Labels = new Dictionary<string, string> { ["team"] = "payments" },
            Environment = [new("DOTNET_gcServer", "0"), new("PATH", "/custom")],
            Version = "1.2.3",
            SourceUrl = "https://example.invalid/repo",
            Revision = "abc123",
        };

        var result = ImageBuilder.Build(options);

        var arm = result.Images.Single(i => i.Architecture == LambdaArchitecture.Arm64).Config;
        Assert.Equal(("arm64", "v8", "linux"), (arm.Architecture, arm.Variant, arm.Os));
        Assert.Equal(["/var/task/bootstrap"], arm.Config.Entrypoint);
        Assert.Equal("/var/task", arm.Config.WorkingDir);
        Assert.Equal("1000:1000", arm.Config.User);
        // No OpenSSL in this function, so no CA bundle and no SSL_CERT_FILE.
        Assert.Equal(["PATH=/custom", "LAMBDA_TASK_ROOT=/var/task", "HOME=/tmp", "DOTNET_gcServer=0"], arm.Config.Env);
        Assert.Equal("1970-01-01T00:00:00Z", arm.Created);
        Assert.Equal("1970-01-01T00:00:00Z", arm.Config.Labels["org.opencontainers.image.created"]);
        Assert.Equal("1.2.3", arm.Config.Labels["org.opencontainers.image.version"]);
        Assert.Equal("abc123", arm.Config.Labels["org.opencontainers.image.revision"]);
        Assert.Equal("https://example.invalid/repo", arm.Config.Labels["org.opencontainers.image.source"]);
        Assert.Equal("payments", arm.Config.Labels["team"]);
        Assert.Equal(2, arm.History.Count);
        var x64 = result.Images.Single(i => i.Architecture == LambdaArchitecture.X86_64);
        Assert.Equal(("amd64", null), (x64.Config.Architecture, x64.Config.Variant));
        Assert.Equal(new Platform("amd64", "linux"), x64.ManifestDescriptor.Platform);
    }

    [Fact]
    public void Layout_names_index_and_per_architecture_manifests_for_every_tag()
    {
        using var temp = new TempDirectory();
        var options = ImageFixture.BothArchitectures(temp.Path, programs) with { Tags = ["1.0", "latest"] };

        var result = ImageBuilder.Build(options);

        var layoutIndex = ImageIndex.Parse(File.ReadAllBytes(Path.Combine(options.LayoutDirectory, "index.json")));
        Assert.Equal(["1.0", "1.0-x86_64", "1.0-arm64", "latest", "latest-x86_64", "latest-arm64"], layoutIndex.Manifests.Select(m => m.RefName));
        Assert.Equal(result.IndexDescriptor.Digest, layoutIndex.Manifests[0].Digest);
        Assert.Equal(OciMediaTypes.OciIndex, layoutIndex.Manifests[0].MediaType);
        Assert.Equal(OciMediaTypes.OciManifest, layoutIndex.Manifests[2].MediaType);
        Assert.Equal("{\"imageLayoutVersion\":\"1.0.0\"}", File.ReadAllText(Path.Combine(options.LayoutDirectory, "oci-layout")));
        // Every blob is content-addressed: its name is its digest.
        foreach (var blob in Directory.EnumerateFiles(Path.Combine(options.LayoutDirectory, "blobs", "sha256")))
        {
            Assert.Equal("sha256:" + Path.GetFileName(blob), LambdaSlim.Core.Registry.Digests.Of(File.ReadAllBytes(blob)));
        }
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(options.LayoutDirectory)!, ".image.tmp-*"));
    }

    [Fact]
    public void Same_inputs_in_other_folders_at_other_times_give_the_same_index_digest()
    {
        using var first = new TempDirectory();
        using var second = new TempDirectory();

        var a = ImageBuilder.Build(ImageFixture.BothArchitectures(first.Path, programs));
        Thread.Sleep(1100); // other file times for every staged input
        var b = ImageBuilder.Build(ImageFixture.BothArchitectures(second.Path, programs));

        Assert.Equal(a.IndexDescriptor.Digest, b.IndexDescriptor.Digest);
        Assert.Equal(File.ReadAllBytes(a.ArchivePath!), File.ReadAllBytes(b.ArchivePath!));
    }

    [Fact]
    public void Two_different_functions_share_the_base_layer_byte_for_byte()
    {
        using var first = new TempDirectory();
        using var second = new TempDirectory();

        var hello = ImageBuilder.Build(ImageFixture.BothArchitectures(first.Path, programs));
        var other = ImageBuilder.Build(ImageFixture.Options(second.Path,
            ImageFixture.Stage(second.Path, LambdaArchitecture.X86_64, programs.OtherX64),
            ImageFixture.Stage(second.Path, LambdaArchitecture.Arm64, programs.OtherArm64)));

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(hello.Images[i].Layers[0].Descriptor.Digest, other.Images[i].Layers[0].Descriptor.Digest);
            Assert.NotEqual(hello.Images[i].Layers[1].Descriptor.Digest, other.Images[i].Layers[1].Descriptor.Digest);
        }
    }

    [Fact]
    public void Source_date_epoch_changes_times_and_digests()
    {
        using var temp = new TempDirectory();
        var options = ImageFixture.BothArchitectures(temp.Path, programs);
        var epoch = ImageBuildOptions.TimestampFrom("1700000000");

        var fixedEpoch = ImageBuilder.Build(options);
        var sourceDate = ImageBuilder.Build(options with { Timestamp = epoch });

        Assert.NotEqual(fixedEpoch.IndexDescriptor.Digest, sourceDate.IndexDescriptor.Digest);
        Assert.Equal("2023-11-14T22:13:20Z", sourceDate.Images[0].Config.Created);
        Assert.Equal("LSLIM2024", Assert.Throws<LambdaSlimException>(() => ImageBuildOptions.TimestampFrom("yesterday")).Code);
    }

    [Fact]
    public void A_no_op_build_reuses_layers_and_leaves_the_outputs_untouched()
    {
        using var temp = new TempDirectory();
        var options = ImageFixture.BothArchitectures(temp.Path, programs);

        var first = ImageBuilder.Build(options);
        var indexTime = File.GetLastWriteTimeUtc(Path.Combine(options.LayoutDirectory, "index.json"));
        var archiveTime = File.GetLastWriteTimeUtc(options.ArchivePath!);
        var second = ImageBuilder.Build(options);

        Assert.Equal(4, first.Images.Sum(i => i.LayersBuilt));
        Assert.False(first.OutputsUnchanged);
        Assert.Equal(0, second.Images.Sum(i => i.LayersBuilt));
        Assert.True(second.OutputsUnchanged);
        Assert.Equal(first.IndexDescriptor, second.IndexDescriptor);
        Assert.Equal(indexTime, File.GetLastWriteTimeUtc(Path.Combine(options.LayoutDirectory, "index.json")));
        Assert.Equal(archiveTime, File.GetLastWriteTimeUtc(options.ArchivePath!));
    }

    [Fact]
    public void Changing_the_app_rebuilds_only_the_app_layer()
    {
        using var temp = new TempDirectory();
        var options = ImageFixture.BothArchitectures(temp.Path, programs);
        var first = ImageBuilder.Build(options);

        File.Copy(programs.OtherX64, options.Architectures[0].Bootstrap, overwrite: true);
        var second = ImageBuilder.Build(options);

        Assert.Equal(1, second.Images.Sum(i => i.LayersBuilt));
        Assert.Equal(first.Images[0].Layers[0].Descriptor, second.Images[0].Layers[0].Descriptor);
        Assert.NotEqual(first.IndexDescriptor.Digest, second.IndexDescriptor.Digest);
        // The layout was replaced as a whole: no blob of the old app layer is left behind.
        Assert.False(File.Exists(Path.Combine(options.LayoutDirectory, "blobs", "sha256", first.Images[0].Layers[1].Descriptor.Digest[7..])));
    }

    [Fact]
    public void A_failing_build_leaves_the_previous_image_in_place()
    {
        using var temp = new TempDirectory();
        var options = ImageFixture.BothArchitectures(temp.Path, programs);
        ImageBuilder.Build(options);
        var before = File.ReadAllBytes(Path.Combine(options.LayoutDirectory, "index.json"));

        File.Copy(programs.UsesGreetX64, options.Architectures[0].Bootstrap, overwrite: true);
        var error = Assert.Throws<LambdaSlimException>(() => ImageBuilder.Build(options));

        Assert.Equal("LSLIM2010", error.Code);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(options.LayoutDirectory, "index.json")));
    }

    [Fact]
    public void Scratch_base_needs_a_static_bootstrap_and_then_has_only_the_app_layer()
    {
        using var temp = new TempDirectory();
        var dynamic = ImageFixture.Options(temp.Path, ImageFixture.Stage(temp.Path, LambdaArchitecture.X86_64, programs.HelloX64, new BaseImage.Scratch()));
        Assert.Equal("LSLIM2016", Assert.Throws<LambdaSlimException>(() => ImageBuilder.Build(dynamic)).Code);

        var result = ImageBuilder.Build(ImageFixture.Options(temp.Path, ImageFixture.Stage(temp.Path, LambdaArchitecture.X86_64, programs.StaticX64, new BaseImage.Scratch())));

        var image = Assert.Single(result.Images);
        Assert.Equal(["app"], image.Layers.Select(l => l.Role));
        Assert.DoesNotContain(image.Config.Config.Env, e => e.StartsWith("SSL_CERT_FILE=", StringComparison.Ordinal));
    }

    [Fact]
    public void Invalid_tags_are_rejected_before_any_work()
    {
        using var temp = new TempDirectory();
        var options = ImageFixture.BothArchitectures(temp.Path, programs) with { Tags = ["-bad"] };

        Assert.Equal("LSLIM2020", Assert.Throws<LambdaSlimException>(() => ImageBuilder.Build(options)).Code);
        Assert.False(Directory.Exists(options.LayoutDirectory));
    }

    [Fact]
    public void Report_lists_layers_closure_and_the_create_function_line_per_architecture()
    {
        using var temp = new TempDirectory();
        var options = ImageFixture.BothArchitectures(temp.Path, programs);

        var result = ImageBuilder.Build(options);

        using var report = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(options.ReportDirectory!, "report.json")));
        var architectures = report.RootElement.GetProperty("architectures").EnumerateArray().ToList();
        Assert.Equal(["x86_64", "arm64"], architectures.Select(a => a.GetProperty("architecture").GetString()));
        var arm = architectures[1];
        Assert.Equal(2, arm.GetProperty("layers").GetArrayLength());
        Assert.Contains(arm.GetProperty("closure").EnumerateArray(), f => f.GetProperty("path").GetString() == "/lib/aarch64-linux-gnu/libc.so.6");
        var armDigest = result.Images[1].ManifestDescriptor.Digest;
        var line = $"aws lambda create-function --function-name hello --package-type Image --architectures arm64 --code ImageUri=ACCOUNT.dkr.ecr.REGION.amazonaws.com/hello@{armDigest} --role ROLE_ARN";
        Assert.Equal(line, arm.GetProperty("createFunction").GetString());
        var markdown = File.ReadAllText(Path.Combine(options.ReportDirectory!, "report.md"));
        Assert.Contains(line, markdown);
        Assert.Contains("| `/lib64/ld-linux-x86-64.so.2` |", markdown);
    }

    [Fact]
    public void Docker_format_writes_v2s2_manifests_with_gzip_layers()
    {
        using var temp = new TempDirectory();
        var options = ImageFixture.BothArchitectures(temp.Path, programs) with { Format = ImageFormat.Docker };

        var result = ImageBuilder.Build(options);

        Assert.Equal(OciMediaTypes.DockerManifestList, result.Index.MediaType);
        Assert.All(result.Images, i => Assert.Equal(OciMediaTypes.DockerManifest, i.Manifest.MediaType));
        Assert.All(result.Images.SelectMany(i => i.Manifest.Layers), l => Assert.Equal(OciMediaTypes.DockerLayerGzip, l.MediaType));
        // The layout's descriptors carry the Docker types too (skopeo 1.9 resolves only OCI-typed refs in a layout,
        // so the check reads the blobs directly).
        var layoutIndex = ImageIndex.Parse(File.ReadAllBytes(Path.Combine(options.LayoutDirectory, "index.json")));
        var x64 = layoutIndex.Manifests.Single(m => m.RefName == "latest-x86_64");
        Assert.Equal(OciMediaTypes.DockerManifest, x64.MediaType);
        var manifest = ImageManifest.Parse(File.ReadAllBytes(Path.Combine(options.LayoutDirectory, "blobs", "sha256", x64.Digest[7..])));
        Assert.Equal(OciMediaTypes.DockerConfig, manifest.Config.MediaType);
    }
}
