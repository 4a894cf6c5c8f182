using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using LambdaSlim.Core.Layers;

namespace LambdaSlim.Core.Oci;

/// <summary>One image for docker's <c>manifest.json</c>: its config and layer blobs and the names to load it as.</summary>
public sealed record DockerArchiveImage(string ConfigDigest, IReadOnlyList<string> LayerDigests, IReadOnlyList<string> RepoTags);

/// <summary>
/// Writes a tar of an OCI layout (what <c>skopeo copy oci-archive:</c> and <c>podman load</c> read) that also holds a
/// docker-style <c>manifest.json</c> pointing into <c>blobs/sha256/</c>, which <c>docker load</c> reads. The tar is
/// written with the same deterministic writer as the layers, uncompressed (its blobs are already gzip).
/// </summary>
public static class OciArchiveWriter
{
    public static void Write(string layoutDirectory, IReadOnlyList<DockerArchiveImage> dockerImages, string archivePath)
    {
        var tree = new LayerTree();
        tree.Add(LayerEntry.FromFile("/oci-layout", Path.Combine(layoutDirectory, "oci-layout"), LayerEntry.RegularMode));
        tree.Add(LayerEntry.FromFile("/index.json", Path.Combine(layoutDirectory, "index.json"), LayerEntry.RegularMode));
        foreach (var blob in Directory.EnumerateFiles(Path.Combine(layoutDirectory, "blobs", "sha256")))
        {
            tree.Add(LayerEntry.FromFile("/blobs/sha256/" + Path.GetFileName(blob), blob, LayerEntry.RegularMode));
        }
        tree.Add(LayerEntry.FromBytes("/manifest.json", DockerManifest(dockerImages)));

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(archivePath))!);
        var temporary = archivePath + ".partial";
        try
        {
            using (var output = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                DeterministicTarWriter.Write(tree.Entries, output, DateTimeOffset.UnixEpoch);
            }
            File.Move(temporary, archivePath, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    public static byte[] DockerManifest(IReadOnlyList<DockerArchiveImage> images)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartArray();
            foreach (var image in images)
            {
                w.WriteStartObject();
                w.WriteString("Config", "blobs/sha256/" + Registry.Digests.Hex(image.ConfigDigest));
                CanonicalJson.WriteStrings(w, "RepoTags", image.RepoTags);
                CanonicalJson.WriteStrings(w, "Layers", image.LayerDigests.Select(d => "blobs/sha256/" + Registry.Digests.Hex(d)).ToList());
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        return buffer.ToArray();
    }
}
