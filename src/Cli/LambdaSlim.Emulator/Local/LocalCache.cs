namespace LambdaSlim.Emulator.Local;

/// <summary>
/// Where local runs keep what they unpack: <c>$LAMBDASLIM_CACHE_DIR</c>, else <c>$XDG_CACHE_HOME/lambdaslim</c>,
/// else <c>~/.cache/lambdaslim</c>. Entries are named by content digest, so they never go stale and can be shared by
/// concurrent runs; deleting the folder is always safe.
/// </summary>
public static class LocalCache
{
    public const string DirectoryVariable = "LAMBDASLIM_CACHE_DIR";

    public static string DefaultRoot()
    {
        if (Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } configured)
        {
            return Path.GetFullPath(configured);
        }
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var baseDirectory = string.IsNullOrEmpty(xdg)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache")
            : xdg;
        return Path.Combine(baseDirectory, "lambdaslim");
    }

    /// <summary>
    /// Returns <paramref name="final"/>, creating it first with <paramref name="fill"/> when absent: the content is
    /// written into a temporary sibling and renamed into place, so a reader never sees a half-filled entry and a
    /// concurrent run that wins the race simply leaves its copy unused.
    /// </summary>
    public static string GetOrCreate(string final, Action<string> fill)
    {
        if (Directory.Exists(final))
        {
            return final;
        }
        var parent = Path.GetDirectoryName(final)!;
        Directory.CreateDirectory(parent);
        var temporary = Path.Combine(parent, $".partial-{Path.GetFileName(final)}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temporary);
        try
        {
            fill(temporary);
            Directory.Move(temporary, final);
        }
        catch (IOException) when (Directory.Exists(final))
        {
            // Another run finished the same entry first; its copy is identical (same digest).
        }
        finally
        {
            if (Directory.Exists(temporary))
            {
                DeleteTree(temporary);
            }
        }
        return final;
    }

    /// <summary>Deletes a folder whose layers may have made some directories read-only.</summary>
    internal static void DeleteTree(string path)
    {
        foreach (var directory in Directory.EnumerateDirectories(path, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }))
        {
            AddMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        Directory.Delete(path, recursive: true);
    }

    /// <summary>Sets a file's mode; a no-op on Windows, where local runs are not supported (no bwrap, no ELF).</summary>
    internal static void SetMode(string path, UnixFileMode mode)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }
    }

    private static void AddMode(string path, UnixFileMode bits)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | bits);
        }
    }
}
