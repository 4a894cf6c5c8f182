using System.Formats.Tar;
using System.Text;

namespace LambdaSlim.Core.Layers;

/// <summary>
/// Writes layer entries as a tar stream whose bytes depend only on the entries and the timestamp: POSIX ustar
/// headers (GNU long-name headers only for paths or link targets over 100 bytes), uid/gid 0 with empty user/group names, the given
/// modes, one fixed mtime. Never PAX: .NET's PAX extended-header names embed the process id.
/// Names are relative (<c>etc/passwd</c>, directories with a trailing slash), as image tools write them.
/// </summary>
public static class DeterministicTarWriter
{
    private const int UstarNameLimit = 100;

    public static void Write(IEnumerable<LayerEntry> entries, Stream output, DateTimeOffset modificationTime)
    {
        using var writer = new TarWriter(output, TarEntryFormat.Ustar, leaveOpen: true);
        foreach (var entry in entries)
        {
            WriteEntry(writer, entry, modificationTime);
        }
    }

    private static void WriteEntry(TarWriter writer, LayerEntry entry, DateTimeOffset modificationTime)
    {
        var name = entry.Path.TrimStart('/') + (entry.Kind == LayerEntryKind.Directory ? "/" : "");
        var type = entry.Kind switch
        {
            LayerEntryKind.Directory => TarEntryType.Directory,
            LayerEntryKind.SymbolicLink => TarEntryType.SymbolicLink,
            _ => TarEntryType.RegularFile,
        };
        PosixTarEntry tar = Encoding.UTF8.GetByteCount(name) <= UstarNameLimit && Encoding.UTF8.GetByteCount(entry.LinkTarget ?? "") <= UstarNameLimit
            ? new UstarTarEntry(type, name)
            : new GnuTarEntry(type, name) { AccessTime = modificationTime, ChangeTime = modificationTime };
        tar.Mode = entry.Mode;
        tar.Uid = 0;
        tar.Gid = 0;
        tar.UserName = "";
        tar.GroupName = "";
        tar.ModificationTime = modificationTime;

        if (entry.Kind == LayerEntryKind.SymbolicLink)
        {
            tar.LinkName = entry.LinkTarget!;
        }
        if (entry.Kind != LayerEntryKind.File)
        {
            writer.WriteEntry(tar);
            return;
        }

        using var data = entry.Content is not null
            ? new MemoryStream(entry.Content, writable: false)
            : (Stream)new FileStream(entry.SourcePath!, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        tar.DataStream = data;
        writer.WriteEntry(tar);
    }
}
