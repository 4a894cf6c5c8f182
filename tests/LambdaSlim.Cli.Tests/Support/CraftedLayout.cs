using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace LambdaSlim.Cli.Tests.Support;

/// <summary>
/// Writes a one-architecture OCI layout from hand-made tar layers, for cases no honest tool produces (entries
/// climbing out with "..", links pointing outside the root).
/// </summary>
public static class CraftedLayout
{
    public static string Write(string directory, params IReadOnlyList<TarEntry>[] layers)
    {
        Directory.CreateDirectory(Path.Combine(directory, "blobs", "sha256"));
        System.IO.File.WriteAllText(Path.Combine(directory, "oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        var layerDescriptors = new List<string>();
        var diffIds = new List<string>();
        foreach (var entries in layers)
        {
            using var tar = new MemoryStream();
            using (var writer = new TarWriter(tar, TarEntryFormat.Ustar, leaveOpen: true))
            {
                foreach (var entry in entries)
                {
                    writer.WriteEntry(entry);
                }
            }
            diffIds.Add("sha256:" + Convert.ToHexStringLower(SHA256.HashData(tar.ToArray())));
            using var gzip = new MemoryStream();
            using (var compressor = new GZipStream(gzip, CompressionLevel.Fastest, leaveOpen: true))
            {
                compressor.Write(tar.ToArray());
            }
            layerDescriptors.Add(Descriptor(directory, "application/vnd.oci.image.layer.v1.tar+gzip", gzip.ToArray()));
        }
        var config = Encoding.UTF8.GetBytes(
            $"{{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{{\"Entrypoint\":[\"/var/task/bootstrap\"]}},\"rootfs\":{{\"type\":\"layers\",\"diff_ids\":[{string.Join(',', diffIds.Select(d => $"\"{d}\""))}]}}}}");
        var manifest = Encoding.UTF8.GetBytes(
            $"{{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{Descriptor(directory, "application/vnd.oci.image.config.v1+json", config)},\"layers\":[{string.Join(',', layerDescriptors)}]}}");
        var manifestDescriptor = Descriptor(directory, "application/vnd.oci.image.manifest.v1+json", manifest);
        System.IO.File.WriteAllText(Path.Combine(directory, "index.json"), $"{{\"schemaVersion\":2,\"manifests\":[{manifestDescriptor}]}}");
        return directory;
    }

    public static TarEntry File(string name, string content)
    {
        var entry = new UstarTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) };
        entry.Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        return entry;
    }

    public static TarEntry Link(string name, string target) => new UstarTarEntry(TarEntryType.SymbolicLink, name) { LinkName = target };

    public static TarEntry Folder(string name) => new UstarTarEntry(TarEntryType.Directory, name)
    {
        Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
    };

    private static string Descriptor(string directory, string mediaType, byte[] content)
    {
        var hex = Convert.ToHexStringLower(SHA256.HashData(content));
        System.IO.File.WriteAllBytes(Path.Combine(directory, "blobs", "sha256", hex), content);
        return $"{{\"mediaType\":\"{mediaType}\",\"digest\":\"sha256:{hex}\",\"size\":{content.Length}}}";
    }
}
