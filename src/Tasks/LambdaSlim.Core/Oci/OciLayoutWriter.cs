using System.Text;

namespace LambdaSlim.Core.Oci;

/// <summary>
/// Writes an OCI image layout (image-spec layout.md): <c>oci-layout</c>, <c>blobs/sha256/HEX</c> and
/// <c>index.json</c>. Blob writes are content-addressed and idempotent (an existing blob of the right size is
/// skipped); the index is written last, so a layout is never referenced before its blobs exist.
/// </summary>
public sealed class OciLayoutWriter(string directory)
{
    public static readonly byte[] LayoutMarker = Encoding.ASCII.GetBytes("{\"imageLayoutVersion\":\"1.0.0\"}");

    public string Directory { get; } = directory;

    public string BlobPath(string digest) => Path.Combine(Directory, "blobs", "sha256", Registry.Digests.Hex(digest));

    public void WriteBlob(string digest, byte[] content) => WriteBlob(digest, content.LongLength, target => File.WriteAllBytes(target, content));

    public void CopyBlob(string digest, long size, string sourcePath) => WriteBlob(digest, size, target => File.Copy(sourcePath, target, overwrite: true));

    private void WriteBlob(string digest, long size, Action<string> write)
    {
        var target = BlobPath(digest);
        if (File.Exists(target) && new FileInfo(target).Length == size)
        {
            return;
        }
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temporary = $"{target}.{Guid.NewGuid():N}.partial";
        write(temporary);
        File.Move(temporary, target, overwrite: true);
    }

    /// <summary>Writes <c>oci-layout</c> and <c>index.json</c>; call after every blob the index reaches is written.</summary>
    public void WriteIndex(byte[] indexJson)
    {
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllBytes(Path.Combine(Directory, "oci-layout"), LayoutMarker);
        File.WriteAllBytes(Path.Combine(Directory, "index.json"), indexJson);
    }
}
