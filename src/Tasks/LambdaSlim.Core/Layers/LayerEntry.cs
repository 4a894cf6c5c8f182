namespace LambdaSlim.Core.Layers;

public enum LayerEntryKind
{
    Directory,
    File,
    SymbolicLink,
}

/// <summary>
/// One file or directory of a layer. <see cref="Path"/> is absolute in the image (<c>/etc/passwd</c>); the mode is
/// explicit (permission bits plus sticky/setuid bits), never taken from the build machine. A file's bytes come
/// either from <see cref="SourcePath"/> (read when the layer is written; symlinks are followed, so the layer holds
/// a regular file) or from <see cref="Content"/>. A symbolic link only has its <see cref="LinkTarget"/> (data sets such
/// as the time-zone database name one zone by several ids through links).
/// </summary>
public sealed record LayerEntry(string Path, LayerEntryKind Kind, UnixFileMode Mode, string? SourcePath = null, byte[]? Content = null, string? LinkTarget = null)
{
    /// <summary>0777, the mode Linux gives every symbolic link (the target's mode is what counts).</summary>
    public const UnixFileMode LinkMode = (UnixFileMode)0b111_111_111;

    public const UnixFileMode DirectoryMode = (UnixFileMode)0b111_101_101;   // 0755
    public const UnixFileMode ExecutableMode = (UnixFileMode)0b111_101_101;  // 0755
    public const UnixFileMode RegularMode = (UnixFileMode)0b110_100_100;     // 0644
    public const UnixFileMode StickyWorldWritable = (UnixFileMode)0b1_111_111_111; // 1777

    public static LayerEntry Directory(string path, UnixFileMode mode = DirectoryMode) => new(path, LayerEntryKind.Directory, mode);

    public static LayerEntry FromFile(string path, string sourcePath, UnixFileMode mode) => new(path, LayerEntryKind.File, mode, SourcePath: sourcePath);

    public static LayerEntry FromBytes(string path, byte[] content, UnixFileMode mode = RegularMode) => new(path, LayerEntryKind.File, mode, Content: content);

    public static LayerEntry SymbolicLink(string path, string target) => new(path, LayerEntryKind.SymbolicLink, LinkMode, LinkTarget: target);
}
