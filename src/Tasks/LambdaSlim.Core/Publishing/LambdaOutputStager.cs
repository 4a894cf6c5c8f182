namespace LambdaSlim.Core.Publishing;

/// <summary>What one architecture's publish left in <c>lambda/&lt;arch&gt;/</c>.</summary>
/// <param name="AppBytes">Bytes of everything that goes into /var/task: all files but symbols (.dbg, .pdb).</param>
public sealed record StagedArchitecture(string Directory, string BootstrapPath, long BootstrapBytes, long AppBytes, IReadOnlyList<string> Files)
{
    /// <summary>Whether a staged file is debug symbols, which stay beside bootstrap and never go into an image.</summary>
    public static bool IsSymbolFile(string path) =>
        path.EndsWith(".dbg", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".pdb", StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// Copies one architecture's publish folder to <c>lambda/&lt;arch&gt;/</c>, naming the executable <c>bootstrap</c>
/// (Lambda's custom-runtime entry point) whatever the assembly is called. Symbol files (<c>.dbg</c>) come along and
/// keep their names, which the executable's debug link refers to. Unchanged files are not rewritten, so a no-op
/// publish leaves timestamps alone; files of an earlier publish that no longer exist are removed.
/// </summary>
public static class LambdaOutputStager
{
    public const string BootstrapName = "bootstrap";

    public static StagedArchitecture Stage(string publishDirectory, string executableName, string destinationDirectory)
    {
        var executable = Path.Combine(publishDirectory, executableName);
        if (!File.Exists(executable))
        {
            throw new LambdaSlimException("LSLIM1011",
                $"The publish of '{executableName}' produced no executable at '{executable}'. Check that the project " +
                "builds an executable (OutputType Exe) and that nothing removes it after publish.");
        }

        Directory.CreateDirectory(destinationDirectory);
        var wanted = new List<string>();
        foreach (var source in Directory.EnumerateFiles(publishDirectory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(publishDirectory, source);
            if (relative == executableName)
            {
                relative = BootstrapName;
            }

            CopyIfChanged(source, Path.Combine(destinationDirectory, relative));
            wanted.Add(relative);
        }

        RemoveStale(destinationDirectory, wanted);
        var bootstrap = Path.Combine(destinationDirectory, BootstrapName);
        var appBytes = wanted.Where(f => !StagedArchitecture.IsSymbolFile(f))
            .Sum(f => new FileInfo(Path.Combine(destinationDirectory, f)).Length);
        return new StagedArchitecture(destinationDirectory, bootstrap, new FileInfo(bootstrap).Length, appBytes, wanted);
    }

    private static void CopyIfChanged(string source, string destination)
    {
        var from = new FileInfo(source);
        var to = new FileInfo(destination);
        if (to.Exists && to.Length == from.Length && to.LastWriteTimeUtc == from.LastWriteTimeUtc)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        // Copy to a temporary name first: a failed copy never leaves a truncated bootstrap behind.
        var temporary = destination + ".lambdaslim-tmp";
        File.Copy(source, temporary, overwrite: true);
        File.SetLastWriteTimeUtc(temporary, from.LastWriteTimeUtc);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, File.GetUnixFileMode(source));
        }

        File.Move(temporary, destination, overwrite: true);
    }

    private static void RemoveStale(string destinationDirectory, List<string> wanted)
    {
        var keep = new HashSet<string>(wanted, StringComparer.Ordinal);
        foreach (var existing in Directory.EnumerateFiles(destinationDirectory, "*", SearchOption.AllDirectories))
        {
            if (!keep.Contains(Path.GetRelativePath(destinationDirectory, existing)))
            {
                File.Delete(existing);
            }
        }
    }
}
