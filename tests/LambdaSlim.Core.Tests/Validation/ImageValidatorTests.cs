using System.Formats.Tar;
using LambdaSlim.Core.Oci;
using LambdaSlim.Core.Validation;

namespace LambdaSlim.Core.Tests.Validation;

public sealed class ImageValidatorTests
{
    private const string D1 = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private const string D2 = "sha256:2222222222222222222222222222222222222222222222222222222222222222";

    private static ImageManifest Manifest(params string[] layerTypes) => new(OciMediaTypes.OciManifest,
        new OciDescriptor(OciMediaTypes.OciConfig, D1, 1), layerTypes.Select(t => new OciDescriptor(t, D2, 100)).ToList());

    private static ImageConfig Config(int layers, int history, IReadOnlyList<string>? entrypoint = null) => new(
        "1970-01-01T00:00:00Z", "amd64", "linux", null,
        new ContainerConfig(null, [], entrypoint ?? ["/var/task/bootstrap"], null, "/var/task", new Dictionary<string, string>()),
        Enumerable.Repeat(D2, layers).ToList(),
        Enumerable.Range(0, history).Select(i => new HistoryEntry("1970-01-01T00:00:00Z", "layer " + i)).ToList());

    private static readonly Dictionary<string, TarEntryType> GoodApp = new()
    {
        ["var"] = TarEntryType.Directory,
        ["var/task"] = TarEntryType.Directory,
        ["var/task/bootstrap"] = TarEntryType.RegularFile,
    };

    private static string Code(Action action) => Assert.Throws<LambdaSlimException>(action).Code;

    [Fact]
    public void A_valid_two_layer_image_passes()
    {
        ImageValidator.Validate(OciMediaTypes.OciManifest, Manifest(OciMediaTypes.OciLayerGzip, OciMediaTypes.OciLayerGzip), Config(2, 2),
            [100, 100], i => i == 1 ? GoodApp : new Dictionary<string, TarEntryType>());
    }

    [Theory]
    [InlineData(OciMediaTypes.OciLayerTar)]
    [InlineData(OciMediaTypes.DockerLayerTar)]
    [InlineData(OciMediaTypes.OciLayerZstd)]
    public void Rejects_layers_that_are_not_gzip(string mediaType)
    {
        Assert.Equal("LSLIM2030", Code(() => ImageValidator.Validate(OciMediaTypes.OciManifest, Manifest(mediaType), Config(1, 1), [1], _ => GoodApp)));
    }

    [Fact]
    public void Rejects_an_index_where_a_single_manifest_is_needed()
    {
        Assert.Equal("LSLIM2031", Code(() => ImageValidator.Validate(OciMediaTypes.OciIndex, Manifest(OciMediaTypes.OciLayerGzip), Config(1, 1), [1], _ => GoodApp)));
        Assert.Equal("LSLIM2031", Code(() => ImageValidator.ValidateDeployable(new OciDescriptor(OciMediaTypes.DockerManifestList, D1, 1,
            Annotations: new Dictionary<string, string> { [OciDescriptor.RefNameAnnotation] = "latest-x86_64" }))));
    }

    [Fact]
    public void Rejects_missing_history_and_mismatched_diff_ids()
    {
        Assert.Equal("LSLIM2032", Code(() => ImageValidator.Validate(OciMediaTypes.OciManifest, Manifest(OciMediaTypes.OciLayerGzip, OciMediaTypes.OciLayerGzip), Config(2, 1), [1, 1], _ => GoodApp)));
        Assert.Equal("LSLIM2036", Code(() => ImageValidator.Validate(OciMediaTypes.OciManifest, Manifest(OciMediaTypes.OciLayerGzip), Config(2, 1), [1], _ => GoodApp)));
    }

    [Fact]
    public void Empty_layer_history_entries_do_not_count_as_layers()
    {
        var config = Config(1, 1) with { History = [new HistoryEntry("", "ENV x=y", EmptyLayer: true), new HistoryEntry("", "layer")] };
        ImageValidator.Validate(OciMediaTypes.OciManifest, Manifest(OciMediaTypes.OciLayerGzip), config, [1], _ => GoodApp);
    }

    [Fact]
    public void Rejects_relative_or_missing_entrypoints()
    {
        Assert.Equal("LSLIM2033", Code(() => ImageValidator.Validate(OciMediaTypes.OciManifest, Manifest(OciMediaTypes.OciLayerGzip), Config(1, 1, ["bootstrap"]), [1], _ => GoodApp)));
        Assert.Equal("LSLIM2033", Code(() => ImageValidator.Validate(OciMediaTypes.OciManifest, Manifest(OciMediaTypes.OciLayerGzip), Config(1, 1, []), [1], _ => GoodApp)));
        Assert.Equal("LSLIM2034", Code(() => ImageValidator.Validate(OciMediaTypes.OciManifest, Manifest(OciMediaTypes.OciLayerGzip), Config(1, 1), [1], _ => new Dictionary<string, TarEntryType>())));
    }

    [Fact]
    public void Rejects_a_symlinked_entrypoint_or_a_symlinked_parent()
    {
        var symlinkFile = new Dictionary<string, TarEntryType>(GoodApp) { ["var/task/bootstrap"] = TarEntryType.SymbolicLink };
        Assert.Equal("LSLIM2034", Code(() => ImageValidator.Validate(OciMediaTypes.OciManifest, Manifest(OciMediaTypes.OciLayerGzip), Config(1, 1), [1], _ => symlinkFile)));

        // The top layer holds the file, but a lower layer made /var/task a symlink that the top layer does not replace.
        var lower = new Dictionary<string, TarEntryType> { ["var"] = TarEntryType.Directory, ["var/task"] = TarEntryType.SymbolicLink };
        var upper = new Dictionary<string, TarEntryType> { ["var/task/bootstrap"] = TarEntryType.RegularFile };
        Assert.Equal("LSLIM2034", Code(() => ImageValidator.Validate(OciMediaTypes.OciManifest, Manifest(OciMediaTypes.OciLayerGzip, OciMediaTypes.OciLayerGzip), Config(2, 2), [1, 1], i => i == 0 ? lower : upper)));

        var directory = new Dictionary<string, TarEntryType>(GoodApp) { ["var/task/bootstrap"] = TarEntryType.Directory };
        Assert.Equal("LSLIM2034", Code(() => ImageValidator.Validate(OciMediaTypes.OciManifest, Manifest(OciMediaTypes.OciLayerGzip), Config(1, 1), [1], _ => directory)));
    }

    [Fact]
    public void Rejects_images_over_10_gb_uncompressed()
    {
        Assert.Equal("LSLIM2035", Code(() => ImageValidator.Validate(OciMediaTypes.OciManifest, Manifest(OciMediaTypes.OciLayerGzip, OciMediaTypes.OciLayerGzip), Config(2, 2),
            [ImageValidator.MaxUncompressedBytes, 1], _ => GoodApp)));
    }
}
