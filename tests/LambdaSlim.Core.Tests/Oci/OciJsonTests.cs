using System.Text;
using LambdaSlim.Core.Oci;

namespace LambdaSlim.Core.Tests.Oci;

public sealed class OciJsonTests
{
    private const string D1 = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private const string D2 = "sha256:2222222222222222222222222222222222222222222222222222222222222222";

    private static ImageConfig SampleConfig(Dictionary<string, string> labels) => new(
        "1970-01-01T00:00:00Z", "arm64", "linux", "v8",
        new ContainerConfig("1000:1000", ["PATH=/bin", "LAMBDA_TASK_ROOT=/var/task"], ["/var/task/bootstrap"], null, "/var/task", labels),
        [D1], [new HistoryEntry("1970-01-01T00:00:00Z", "app layer")]);

    [Fact]
    public void Config_is_written_in_a_fixed_order_without_whitespace()
    {
        var json = Encoding.UTF8.GetString(SampleConfig(new() { ["z"] = "1", ["a"] = "2" }).ToCanonicalJson());

        Assert.Equal(
            "{\"created\":\"1970-01-01T00:00:00Z\",\"architecture\":\"arm64\",\"variant\":\"v8\",\"os\":\"linux\"," +
            "\"config\":{\"User\":\"1000:1000\",\"Env\":[\"PATH=/bin\",\"LAMBDA_TASK_ROOT=/var/task\"],\"Entrypoint\":[\"/var/task/bootstrap\"]," +
            "\"WorkingDir\":\"/var/task\",\"Labels\":{\"a\":\"2\",\"z\":\"1\"}}," +
            "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + D1 + "\"]}," +
            "\"history\":[{\"created\":\"1970-01-01T00:00:00Z\",\"created_by\":\"app layer\"}]}",
            json);
    }

    [Fact]
    public void Label_insertion_order_does_not_change_the_bytes()
    {
        var a = SampleConfig(new() { ["z"] = "1", ["a"] = "2" }).ToCanonicalJson();
        var b = SampleConfig(new() { ["a"] = "2", ["z"] = "1" }).ToCanonicalJson();

        Assert.Equal(a, b);
    }

    [Fact]
    public void Config_round_trips_through_parse()
    {
        var config = SampleConfig(new() { ["k"] = "v" });

        var parsed = ImageConfig.Parse(config.ToCanonicalJson());

        Assert.Equal(config.ToCanonicalJson(), parsed.ToCanonicalJson());
    }

    [Fact]
    public void Manifest_and_index_use_unescaped_media_types_and_platforms()
    {
        var manifest = new ImageManifest(OciMediaTypes.OciManifest,
            new OciDescriptor(OciMediaTypes.OciConfig, D1, 10), [new OciDescriptor(OciMediaTypes.OciLayerGzip, D2, 20)]);
        var manifestJson = Encoding.UTF8.GetString(manifest.ToCanonicalJson());

        Assert.Equal(
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\"," +
            "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + D1 + "\",\"size\":10}," +
            "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + D2 + "\",\"size\":20}]}",
            manifestJson);

        var index = new ImageIndex(OciMediaTypes.OciIndex,
            [new OciDescriptor(OciMediaTypes.OciManifest, D1, 5, new Platform("arm64", "linux", "v8"),
                new Dictionary<string, string> { [OciDescriptor.RefNameAnnotation] = "latest-arm64" })]);
        Assert.Equal(
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[" +
            "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + D1 + "\",\"size\":5," +
            "\"platform\":{\"architecture\":\"arm64\",\"os\":\"linux\",\"variant\":\"v8\"}," +
            "\"annotations\":{\"org.opencontainers.image.ref.name\":\"latest-arm64\"}}]}",
            Encoding.UTF8.GetString(index.ToCanonicalJson()));
        Assert.Equal("latest-arm64", ImageIndex.Parse(index.ToCanonicalJson()).Manifests[0].RefName);
    }

    [Fact]
    public void Docker_format_uses_docker_v2s2_types_with_gzip_layers()
    {
        Assert.Equal("application/vnd.docker.distribution.manifest.v2+json", OciMediaTypes.Docker.Manifest);
        Assert.Equal("application/vnd.docker.container.image.v1+json", OciMediaTypes.Docker.Config);
        Assert.Equal("application/vnd.docker.image.rootfs.diff.tar.gzip", OciMediaTypes.Docker.GzipLayer);
        Assert.Equal("application/vnd.docker.distribution.manifest.list.v2+json", OciMediaTypes.Docker.Index);
    }

    [Fact]
    public void Timestamps_are_rfc3339_utc_seconds()
    {
        Assert.Equal("2023-11-14T22:13:20Z", CanonicalJson.Timestamp(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000).ToOffset(TimeSpan.FromHours(5))));
    }
}
