using LambdaSlim.Core;

namespace LambdaSlim.Emulator.Local;

/// <summary>
/// Joins a path inside a root filesystem the way the kernel would after <c>chroot</c>: symbolic links met on the way
/// are followed relative to the root (an absolute target restarts at the root, <c>..</c> stops at it), so a layer can
/// never make us write outside the folder, whatever links earlier layers planted.
/// </summary>
internal static class RootPath
{
    private const int MaxLinks = 40; // the kernel's limit (MAXSYMLINKS)

    /// <summary>The path components of an archive entry name; refuses names that climb with "..".</summary>
    public static string[] EntryComponents(string entryName)
    {
        var parts = Split(entryName);
        if (parts.Contains(".."))
        {
            throw new LambdaSlimException(LocalErrorCodes.UnsafeLayerPath,
                $"The image holds an entry '{entryName}' that climbs out of the root filesystem with '..'. " +
                "Such an image is unsafe to unpack: rebuild it with a tool that writes relative paths inside the image.");
        }
        return parts;
    }

    /// <summary>
    /// The host path of <paramref name="components"/> under <paramref name="root"/>, following links in every
    /// component but the last (and in the last too when <paramref name="followLast"/>).
    /// </summary>
    public static string Resolve(string root, IReadOnlyList<string> components, bool followLast)
    {
        var resolved = new List<string>();
        var pending = new Stack<string>(components.Reverse());
        var links = 0;
        while (pending.Count > 0)
        {
            var part = pending.Pop();
            if (part == "..")
            {
                if (resolved.Count > 0)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                }
                continue;
            }
            var candidate = Path.Combine([root, .. resolved, part]);
            if ((pending.Count > 0 || followLast) && new FileInfo(candidate).LinkTarget is { } target)
            {
                if (++links > MaxLinks)
                {
                    throw new LambdaSlimException(LocalErrorCodes.UnsafeLayerPath,
                        $"Too many levels of symbolic links under '{string.Join('/', components)}' in the image. Fix the links in the image.");
                }
                if (target.StartsWith('/'))
                {
                    resolved.Clear();
                }
                foreach (var next in Split(target).Reverse())
                {
                    pending.Push(next);
                }
                continue;
            }
            resolved.Add(part);
        }
        return Path.Combine([root, .. resolved]);
    }

    private static string[] Split(string path) =>
        path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".").ToArray();
}
