using System.Formats.Tar;
using System.Security.Cryptography;
using LambdaSlim.Core;

namespace LambdaSlim.Emulator.Local;

/// <summary>
/// An OCI archive (<c>image.tar</c>: a tar of an image layout, as <c>skopeo copy oci-archive:</c> reads) unpacked
/// once into the cache, keyed by the archive's SHA-256, so a second run with the same file starts at once.
/// </summary>
public static class OciArchive
{
    /// <summary>True when the file carries the ustar magic at offset 257 (POSIX and GNU tars both do).</summary>
    public static bool IsTar(string path)
    {
        using var handle = File.OpenHandle(path);
        Span<byte> magic = stackalloc byte[5];
        return RandomAccess.Read(handle, magic, 257) == 5 && magic.SequenceEqual("ustar"u8);
    }

    /// <summary>Returns the folder holding the archive's layout, extracting it on first use.</summary>
    public static string Extract(string archivePath, string cacheRoot)
    {
        string hash;
        using (var stream = File.OpenRead(archivePath))
        {
            hash = Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        return LocalCache.GetOrCreate(Path.Combine(cacheRoot, "archives", hash), target => ExtractInto(archivePath, target));
    }

    private static void ExtractInto(string archivePath, string target)
    {
        using var reader = new TarReader(File.OpenRead(archivePath));
        while (reader.GetNextEntry() is { } entry)
        {
            var components = RootPath.EntryComponents(entry.Name);
            if (components.Length == 0)
            {
                continue;
            }
            var path = Path.Combine([target, .. components]);
            switch (entry.EntryType)
            {
                case TarEntryType.Directory:
                    Directory.CreateDirectory(path);
                    break;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    using (var output = new FileStream(path, FileMode.Create, FileAccess.Write))
                    {
                        entry.DataStream?.CopyTo(output);
                    }
                    break;
                // A layout holds only folders and content-addressed files; anything else is not ours to follow.
            }
        }
        if (!OciLayoutImage.IsLayout(target))
        {
            throw new LambdaSlimException(LocalErrorCodes.ImageNotFound,
                $"'{archivePath}' is a tar archive but not an OCI archive (no index.json at its root). " +
                "Pass the image.tar a publish wrote, or an archive made by `skopeo copy … oci-archive:FILE`.");
        }
    }
}
