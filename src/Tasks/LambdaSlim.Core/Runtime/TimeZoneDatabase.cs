using System.Text;
using LambdaSlim.Core.Layers;

namespace LambdaSlim.Core.Runtime;

/// <summary>
/// The part of a zoneinfo folder .NET reads, as layer entries at <c>/usr/share/zoneinfo</c>: every compiled zone
/// (TZif) file, every link between zone names (backward names such as <c>US/Eastern</c> stay links), and the
/// <c>*.tab</c> tables (<c>GetSystemTimeZones</c> lists <c>zone.tab</c>). Left out, because .NET never reads them:
/// the <c>right/</c> and <c>posix/</c> variants, the source forms (<c>tzdata.zi</c>, leap-second lists) and
/// <c>localtime</c>, which points at the build machine's own zone.
/// </summary>
public static class TimeZoneDatabase
{
    /// <summary>Where .NET reads the database in the image (its default; <c>TZDIR</c> is not set).</summary>
    public const string ImagePath = "/usr/share/zoneinfo";

    private static readonly string[] SkippedDirectories = ["right", "posix"];
    private static readonly byte[] TzifMagic = Encoding.ASCII.GetBytes("TZif");

    public sealed record Contents(IReadOnlyList<LayerEntry> Entries, int ZoneFiles, int Links, long Bytes);

    /// <summary>Reads <paramref name="directory"/>; null when it holds no zone at all (absent or empty).</summary>
    public static Contents? Read(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return null;
        }
        var root = Path.GetFullPath(directory);
        var entries = new List<LayerEntry>();
        var zoneFiles = 0;
        var links = 0;
        long bytes = 0;
        foreach (var path in Directory.EnumerateFileSystemEntries(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            var relative = Path.GetRelativePath(root, path).Replace('\\', '/');
            if (SkippedDirectories.Contains(relative.Split('/')[0], StringComparer.Ordinal))
            {
                continue;
            }
            if (new FileInfo(path).LinkTarget is { } target)
            {
                // A link stays a link when it points, relatively, at a zone inside the folder; the rest (localtime → /etc) is not ours to ship.
                var resolved = Path.GetFullPath(target, Path.GetDirectoryName(path)!);
                if (!Path.IsPathRooted(target) && resolved.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                    && !SkippedDirectories.Contains(Path.GetRelativePath(root, resolved).Split(Path.DirectorySeparatorChar)[0], StringComparer.Ordinal)
                    && File.Exists(resolved) && IsZoneFile(resolved))
                {
                    entries.Add(LayerEntry.SymbolicLink(ImagePath + "/" + relative, target.Replace('\\', '/')));
                    links++;
                }
            }
            else if (File.Exists(path) && (IsZoneFile(path) || relative.EndsWith(".tab", StringComparison.Ordinal)))
            {
                // Directories come as the parents of what they hold.
                entries.Add(LayerEntry.FromFile(ImagePath + "/" + relative, path, LayerEntry.RegularMode));
                zoneFiles += IsZoneFile(path) ? 1 : 0;
                bytes += new FileInfo(path).Length;
            }
        }
        return zoneFiles == 0 ? null : new Contents(entries, zoneFiles, links, bytes);
    }

    private static bool IsZoneFile(string path)
    {
        Span<byte> head = stackalloc byte[4];
        using var file = File.OpenRead(path);
        return file.ReadAtLeast(head, 4, throwOnEndOfStream: false) == 4 && head.SequenceEqual(TzifMagic);
    }
}
