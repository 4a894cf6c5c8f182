using System.Text;
using LambdaSlim.Core.Closure;
using LambdaSlim.Core.Layers;

namespace LambdaSlim.Core.Image;

/// <summary>
/// What goes into the base and app layers (the run-time parts between them are <see cref="Runtime.ResolvedPart"/>).
/// Base: the closure, /etc/passwd and /etc/group (root and the non-root user <c>lambda</c>, uid/gid 1000, home /tmp,
/// no shell), what glibc's resolver needs for <c>localhost</c> (/etc/hosts, /etc/host.conf, /etc/nsswitch.conf),
/// /tmp (1777) and /var/task. App: /var/task with the bootstrap (0755) and every other file of the staged folder
/// except symbol files (<c>*.dbg</c>, <c>*.pdb</c>), plus the extra image files.
/// </summary>
public static class ImageFileSystem
{
    public const string TaskRoot = "/var/task";
    public const string Entrypoint = "/var/task/bootstrap";
    public const string CaBundleImagePath = "/etc/ssl/certs/ca-certificates.crt";
    public const string DefaultUser = "1000:1000";

    /// <summary>HOME in the image's environment: the only writable folder on Lambda.</summary>
    public const string Home = "/tmp";

    // No login shell exists in the image; /sbin/nologin is the conventional marker.
    public static readonly byte[] Passwd = Encoding.ASCII.GetBytes(
        "root:x:0:0:root:/root:/sbin/nologin\n" +
        "lambda:x:1000:1000:lambda:/tmp:/sbin/nologin\n");

    public static readonly byte[] Group = Encoding.ASCII.GetBytes(
        "root:x:0:\n" +
        "lambda:x:1000:\n");

    /// <summary>
    /// The loopback names. Without the file, glibc sends <c>localhost</c> to DNS, which fails (Lambda extensions
    /// such as the Parameters and Secrets one listen on localhost:2773). Lambda supplies /etc/resolv.conf itself.
    /// </summary>
    public static readonly byte[] Hosts = Encoding.ASCII.GetBytes(
        "127.0.0.1\tlocalhost\n" +
        "::1\tlocalhost ip6-localhost ip6-loopback\n");

    /// <summary>
    /// Every address of a name in /etc/hosts, not only the first line's: <c>localhost</c> is both 127.0.0.1 and ::1,
    /// as on Debian (measured: without it glibc 2.36 answers 127.0.0.1 alone).
    /// </summary>
    public static readonly byte[] HostConf = Encoding.ASCII.GetBytes("multi on\n");

    /// <summary>
    /// Files before DNS, from libc's built-in modules only. Without the file glibc 2.36 asks DNS first for every name
    /// (<c>hosts: dns [!UNAVAIL=return] files</c>), so /etc/hosts would be read only when no DNS server answers.
    /// </summary>
    public static readonly byte[] NsSwitch = Encoding.ASCII.GetBytes(
        "passwd: files\n" +
        "group: files\n" +
        "hosts: files dns\n");

    private static readonly string[] SymbolExtensions = [".dbg", ".pdb"];

    public static LayerTree BaseLayer(ClosureResult closure)
    {
        var tree = new LayerTree();
        foreach (var file in closure.Files)
        {
            // Libraries keep an execute bit if the sysroot file has one (Debian ships libc and the loader 0755).
            tree.Add(LayerEntry.FromFile(file.ImagePath, file.SourcePath, ModeOf(file.SourcePath)));
        }
        tree.Add(LayerEntry.FromBytes("/etc/passwd", Passwd));
        tree.Add(LayerEntry.FromBytes("/etc/group", Group));
        tree.Add(LayerEntry.FromBytes("/etc/hosts", Hosts));
        tree.Add(LayerEntry.FromBytes("/etc/host.conf", HostConf));
        tree.Add(LayerEntry.FromBytes("/etc/nsswitch.conf", NsSwitch));
        tree.Add(LayerEntry.Directory("/tmp", LayerEntry.StickyWorldWritable));
        tree.Add(LayerEntry.Directory(TaskRoot));
        return tree;
    }

    /// <summary>The files of the staged folder that belong in /var/task, relative paths in ordinal order.</summary>
    public static IReadOnlyList<string> AppFiles(string appDirectory) =>
        Directory.EnumerateFiles(appDirectory, "*", SearchOption.AllDirectories)
            .Where(p => !SymbolExtensions.Contains(Path.GetExtension(p), StringComparer.OrdinalIgnoreCase))
            .Select(p => Path.GetRelativePath(appDirectory, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

    public static LayerTree AppLayer(string appDirectory, string bootstrap, IReadOnlyList<ExtraImageFile> extras)
    {
        var tree = new LayerTree();
        tree.Add(LayerEntry.Directory(TaskRoot));
        tree.Add(LayerEntry.FromFile(Entrypoint, RealPath(bootstrap), LayerEntry.ExecutableMode));
        var bootstrapFull = Path.GetFullPath(bootstrap);
        foreach (var relative in AppFiles(appDirectory))
        {
            var source = Path.Combine(appDirectory, relative);
            if (Path.GetFullPath(source) == bootstrapFull)
            {
                continue;
            }
            tree.Add(LayerEntry.FromFile(TaskRoot + "/" + relative, RealPath(source), ModeOf(source)));
        }
        foreach (var extra in extras)
        {
            if (!File.Exists(extra.SourcePath))
            {
                throw new LambdaSlimException("LSLIM2015",
                    $"The LambdaImageFile '{extra.SourcePath}' does not exist. Fix the item's path or remove it.");
            }
            tree.Add(LayerEntry.FromFile(extra.ImagePath, RealPath(extra.SourcePath), extra.Mode ?? ModeOf(extra.SourcePath)));
        }
        return tree;
    }

    /// <summary>0755 when the source has any execute bit, else 0644: the build machine's umask never leaks in.</summary>
    public static UnixFileMode ModeOf(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return LayerEntry.RegularMode;
        }
        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return (File.GetUnixFileMode(path) & anyExecute) != 0 ? LayerEntry.ExecutableMode : LayerEntry.RegularMode;
    }

    private static string RealPath(string path)
    {
        var target = File.ResolveLinkTarget(path, returnFinalTarget: true);
        return target is null ? Path.GetFullPath(path) : target.FullName;
    }
}
