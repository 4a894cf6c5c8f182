namespace LambdaSlim.Core.Oci;

/// <summary>
/// The manifest family written (<c>LambdaImageFormat</c>). Both are accepted by Lambda; layers are gzip in both
/// (Lambda rejects uncompressed layers under a Docker manifest at function creation).
/// </summary>
public enum ImageFormat
{
    Oci,
    Docker,
}

/// <summary>Media types of the blobs we write, per <see cref="ImageFormat"/>.</summary>
public sealed record OciMediaTypes(string Index, string Manifest, string Config, string GzipLayer)
{
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciConfig = "application/vnd.oci.image.config.v1+json";
    public const string OciLayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip";
    public const string OciLayerTar = "application/vnd.oci.image.layer.v1.tar";
    public const string OciLayerZstd = "application/vnd.oci.image.layer.v1.tar+zstd";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerConfig = "application/vnd.docker.container.image.v1+json";
    public const string DockerLayerGzip = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    public const string DockerLayerTar = "application/vnd.docker.image.rootfs.diff.tar";

    public static readonly OciMediaTypes Oci = new(OciIndex, OciManifest, OciConfig, OciLayerGzip);
    public static readonly OciMediaTypes Docker = new(DockerManifestList, DockerManifest, DockerConfig, DockerLayerGzip);

    public static OciMediaTypes For(ImageFormat format) => format == ImageFormat.Docker ? Docker : Oci;

    public static bool IsGzipLayer(string mediaType) => mediaType is OciLayerGzip or DockerLayerGzip;

    public static bool IsIndex(string mediaType) => mediaType is OciIndex or DockerManifestList;

    public static bool IsManifest(string mediaType) => mediaType is OciManifest or DockerManifest;
}
