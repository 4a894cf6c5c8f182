using System.IO.Compression;
using LambdaSlim.Core.Image;
using LambdaSlim.Core.Layers;

namespace LambdaSlim.Core.Zip;

/// <summary>
/// Writes the zip package for the <c>provided.al2023</c> runtime: <c>bootstrap</c> at the root with Unix mode 0755
/// in the external attributes (Lambda runs it directly), then the other files of the staged folder except symbol
/// files, in ordinal order, every entry stamped with the same time. The zip's time field cannot go before
/// 1980-01-01, so earlier timestamps (the default epoch) are written as 1980-01-01 00:00.
/// </summary>
public static class LambdaZipWriter
{
    public static readonly DateTimeOffset ZipEpoch = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static void Write(string appDirectory, string bootstrap, string zipPath, DateTimeOffset timestamp, CompressionLevel level = CompressionLevel.SmallestSize)
    {
        if (!File.Exists(bootstrap))
        {
            throw new LambdaSlimException("LSLIM2014", $"The bootstrap executable '{bootstrap}' does not exist. Publish the function first.");
        }
        // The DOS time field has no zone; .NET writes the offset's wall clock, so a zero offset gives UTC on every machine.
        var stamp = (timestamp < ZipEpoch ? ZipEpoch : timestamp).ToUniversalTime();

        var files = new List<(string Name, string Source, UnixFileMode Mode)> { ("bootstrap", bootstrap, LayerEntry.ExecutableMode) };
        var bootstrapFull = Path.GetFullPath(bootstrap);
        foreach (var relative in ImageFileSystem.AppFiles(appDirectory))
        {
            var source = Path.Combine(appDirectory, relative);
            if (Path.GetFullPath(source) != bootstrapFull)
            {
                files.Add((relative, source, ImageFileSystem.ModeOf(source)));
            }
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(zipPath))!);
        var temporary = zipPath + ".partial";
        try
        {
            using (var output = new FileStream(temporary, FileMode.Create, FileAccess.ReadWrite, FileShare.None))
            using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
            {
                foreach (var (name, source, mode) in files)
                {
                    var entry = zip.CreateEntry(name, level);
                    entry.LastWriteTime = stamp;
                    // High 16 bits: st_mode (S_IFREG | permissions), as Info-ZIP writes it for "version made by Unix".
                    entry.ExternalAttributes = (int)((0x8000u | (uint)mode) << 16);
                    using var target = entry.Open();
                    using var input = File.OpenRead(source);
                    input.CopyTo(target);
                }
            }
            File.Move(temporary, zipPath, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
