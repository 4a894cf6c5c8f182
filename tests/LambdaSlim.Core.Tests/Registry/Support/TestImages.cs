using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LambdaSlim.Core.Tests.Registry.Support;

/// <summary>A two-platform OCI layout as the image builder leaves it: refs T (index), T-x86_64, T-arm64.</summary>
internal sealed record TestImage(string LayoutPath, string Tag, string IndexDigest, IReadOnlyDictionary<string, string> ManifestDigests, int DistinctBlobs, long TotalBlobBytes);

/// <summary>
/// Builds test images with the real <c>umoci</c> (one image per architecture, each layer a file of random
/// bytes so gzip cannot shrink it), then adds the image index over the two manifests, which umoci does not make.
/// </summary>
internal static class TestImages
{
    public static TestImage Build(string tag, int[] x86LayerSizes, int[] armLayerSizes, int seed = 1)
    {
        var root = Tool.TempDirectory();
        var layout = Path.Combine(root, "image");
        Tool.Run("umoci", "init", "--layout", layout);
        AddArchitecture(layout, root, "build-x86_64", "amd64", x86LayerSizes, seed * 100);
        AddArchitecture(layout, root, "build-arm64", "arm64", armLayerSizes, seed * 100 + 50);

        var index = JsonNode.Parse(File.ReadAllText(Path.Combine(layout, "index.json")))!;
        var manifests = index["manifests"]!.AsArray();
        JsonNode Find(string name) => manifests.First(m => m!["annotations"]!["org.opencontainers.image.ref.name"]!.GetValue<string>() == name)!;
        var x86 = Find("build-x86_64");
        var arm = Find("build-arm64");

        JsonObject Entry(JsonNode manifest, JsonObject? platform, string? refName)
        {
            var entry = new JsonObject
            {
                ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
                ["digest"] = manifest["digest"]!.GetValue<string>(),
                ["size"] = manifest["size"]!.GetValue<long>(),
            };
            if (platform is not null)
            {
                entry["platform"] = platform;
            }
            if (refName is not null)
            {
                entry["annotations"] = new JsonObject { ["org.opencontainers.image.ref.name"] = refName };
            }
            return entry;
        }

        var imageIndex = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.index.v1+json",
            ["manifests"] = new JsonArray(
                Entry(x86, new JsonObject { ["architecture"] = "amd64", ["os"] = "linux" }, null),
                Entry(arm, new JsonObject { ["architecture"] = "arm64", ["os"] = "linux", ["variant"] = "v8" }, null)),
        };
        var indexBytes = Encoding.UTF8.GetBytes(imageIndex.ToJsonString());
        var indexDigest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(indexBytes));
        File.WriteAllBytes(Path.Combine(layout, "blobs", "sha256", indexDigest[7..]), indexBytes);

        var layoutIndex = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["manifests"] = new JsonArray(
                new JsonObject
                {
                    ["mediaType"] = "application/vnd.oci.image.index.v1+json",
                    ["digest"] = indexDigest,
                    ["size"] = indexBytes.Length,
                    ["annotations"] = new JsonObject { ["org.opencontainers.image.ref.name"] = tag },
                },
                Entry(x86, null, tag + "-x86_64"),
                Entry(arm, null, tag + "-arm64")),
        };
        File.WriteAllText(Path.Combine(layout, "index.json"), layoutIndex.ToJsonString());

        var blobs = Directory.GetFiles(Path.Combine(layout, "blobs", "sha256"));
        return new TestImage(layout, tag, indexDigest,
            new Dictionary<string, string> { ["x86_64"] = x86["digest"]!.GetValue<string>(), ["arm64"] = arm["digest"]!.GetValue<string>() },
            // Every blob but the index and the two manifests (configs + layers).
            blobs.Length - 3,
            blobs.Sum(b => new FileInfo(b).Length));
    }

    private static void AddArchitecture(string layout, string root, string refName, string architecture, int[] layerSizes, int seed)
    {
        Tool.Run("umoci", "new", "--image", $"{layout}:{refName}");
        for (var i = 0; i < layerSizes.Length; i++)
        {
            var file = Path.Combine(root, $"{refName}-{i}.bin");
            var bytes = new byte[layerSizes[i]];
            new Random(seed + i).NextBytes(bytes);
            File.WriteAllBytes(file, bytes);
            Tool.Run("umoci", "insert", "--image", $"{layout}:{refName}", file, $"/var/task/layer{i}.bin");
        }
        Tool.Run("umoci", "config", "--image", $"{layout}:{refName}", "--os", "linux", "--architecture", architecture);
        Tool.Run("umoci", "gc", "--layout", layout);
    }

    /// <summary>The digest of what skopeo reads raw from the registry (bytes exactly as served).</summary>
    public static (string Digest, JsonDocument Json) InspectRaw(string host, string repository, string reference)
    {
        var raw = Tool.Run("skopeo", "inspect", "--raw", "--tls-verify=false", $"docker://{host}/{repository}:{reference}");
        return ("sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(raw))), JsonDocument.Parse(raw));
    }
}
