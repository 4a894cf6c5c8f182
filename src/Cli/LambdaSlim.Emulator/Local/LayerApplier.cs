using System.Formats.Tar;
using System.IO.Compression;
using LambdaSlim.Core;

namespace LambdaSlim.Emulator.Local;

/// <summary>
/// Applies one image layer (a tar, usually gzip-compressed) on top of a root filesystem folder, as a container
/// runtime does: entries replace what lower layers left, <c>.wh.NAME</c> deletes NAME, <c>.wh..wh..opq</c> empties
/// its folder of lower-layer content. Ownership is not applied (an unprivileged user cannot, and the sandbox maps
/// every file to the caller); devices and fifos are skipped (a Lambda function gets its /dev from the sandbox).
/// Hard links become copies: .NET has no API to create one, and a copy reads the same.
/// </summary>
internal static class LayerApplier
{
    private const string WhiteoutPrefix = ".wh.";
    private const string OpaqueWhiteout = ".wh..wh..opq";

    public static void Apply(string layerPath, bool gzip, string root)
    {
        using var file = File.OpenRead(layerPath);
        using Stream content = gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new TarReader(content);
        var written = new HashSet<string>(StringComparer.Ordinal);
        while (reader.GetNextEntry() is { } entry)
        {
            var components = RootPath.EntryComponents(entry.Name);
            if (components.Length == 0)
            {
                continue; // "./": the root itself
            }
            var name = components[^1];
            var parentComponents = components[..^1];
            if (name == OpaqueWhiteout)
            {
                EmptyFolder(root, parentComponents, written);
                continue;
            }
            if (name.StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
            {
                RemoveExisting(RootPath.Resolve(root, [.. parentComponents, name[WhiteoutPrefix.Length..]], followLast: false));
                continue;
            }
            var parent = RootPath.Resolve(root, parentComponents, followLast: true);
            Directory.CreateDirectory(parent);
            var target = Path.Combine(parent, name);
            written.Add(string.Join('/', components));
            switch (entry.EntryType)
            {
                case TarEntryType.Directory:
                    if (!IsRealDirectory(target))
                    {
                        RemoveExisting(target);
                        Directory.CreateDirectory(target);
                    }
                    // Owner rwx is kept so later layers (and cache clean-up) can still write inside.
                    LocalCache.SetMode(target, entry.Mode | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                    break;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                    RemoveExisting(target);
                    using (var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write))
                    {
                        entry.DataStream?.CopyTo(output);
                    }
                    LocalCache.SetMode(target, entry.Mode | UnixFileMode.UserRead | UnixFileMode.UserWrite);
                    break;
                case TarEntryType.SymbolicLink:
                    RemoveExisting(target);
                    File.CreateSymbolicLink(target, entry.LinkName);
                    break;
                case TarEntryType.HardLink:
                    var source = RootPath.Resolve(root, RootPath.EntryComponents(entry.LinkName), followLast: true);
                    if (!File.Exists(source))
                    {
                        throw new LambdaSlimException(LocalErrorCodes.InvalidImage,
                            $"The layer {Path.GetFileName(layerPath)} hard-links '{entry.Name}' to '{entry.LinkName}', which no earlier entry created. Rebuild the image.");
                    }
                    RemoveExisting(target);
                    File.Copy(source, target);
                    break;
            }
        }
    }

    private static bool IsRealDirectory(string path) =>
        Directory.Exists(path) && new DirectoryInfo(path).LinkTarget is null;

    /// <summary>Removes a file, link or folder at <paramref name="path"/> itself (a link is removed, not followed).</summary>
    private static void RemoveExisting(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null || info.Exists)
        {
            File.Delete(path);
        }
        else if (Directory.Exists(path))
        {
            LocalCache.DeleteTree(path);
        }
    }

    private static void EmptyFolder(string root, string[] folderComponents, HashSet<string> writtenByThisLayer)
    {
        var folder = RootPath.Resolve(root, folderComponents, followLast: true);
        if (!Directory.Exists(folder))
        {
            return;
        }
        var prefix = folderComponents.Length == 0 ? "" : string.Join('/', folderComponents) + "/";
        foreach (var child in Directory.EnumerateFileSystemEntries(folder))
        {
            if (!writtenByThisLayer.Contains(prefix + Path.GetFileName(child)))
            {
                RemoveExisting(child);
            }
        }
    }
}
