namespace LambdaSlim.Core.Registry;

/// <summary>
/// The manifest and index media types a registry speaks. Both the OCI and the Docker v2 schema 2 forms are
/// accepted when reading (base images on Docker Hub and ECR Public are often Docker-typed); we never convert.
/// </summary>
public static class MediaTypes
{
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";

    /// <summary>The Accept header value for manifest GET/HEAD: every type we can read, indexes first.</summary>
    public static readonly string[] AcceptedManifestTypes = [OciIndex, DockerManifestList, OciManifest, DockerManifest];

    public static bool IsIndex(string? mediaType) => mediaType is OciIndex or DockerManifestList;
}
