using LambdaSlim.Core;
using LambdaSlim.Core.Publishing;

namespace LambdaSlim.Core.Tests.Publishing;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LambdaOutputStagerTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("lambdaslim-stage-").FullName;
    private string Publish => Path.Combine(_root, "publish");
    private string Destination => Path.Combine(_root, "lambda", "x86_64");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Write(string relative, string content, UnixFileMode? mode = null)
    {
        var path = Path.Combine(Publish, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        if (mode is not null)
        {
            File.SetUnixFileMode(path, mode.Value);
        }
    }

    [Fact]
    public void The_executable_becomes_bootstrap_keeping_its_mode_and_everything_else_keeps_its_name()
    {
        const UnixFileMode executable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        Write("MyFunction", "ELF", executable);
        Write("MyFunction.dbg", "symbols");
        Write("data/model.bin", "0123456789");

        var staged = LambdaOutputStager.Stage(Publish, "MyFunction", Destination);

        Assert.Equal(Path.Combine(Destination, "bootstrap"), staged.BootstrapPath);
        Assert.Equal("ELF", File.ReadAllText(staged.BootstrapPath));
        Assert.Equal(executable, File.GetUnixFileMode(staged.BootstrapPath));
        Assert.Equal(["MyFunction.dbg", "bootstrap", "data/model.bin"], staged.Files.Order(StringComparer.Ordinal));
        Assert.Equal(3, staged.BootstrapBytes);
        Assert.Equal(3 + 10, staged.AppBytes); // symbols are not part of the app
        Assert.False(File.Exists(Path.Combine(Destination, "MyFunction")));
    }

    [Fact]
    public void Restaging_unchanged_files_rewrites_nothing_and_stale_files_are_removed()
    {
        Write("MyFunction", "ELF");
        Write("old.dll", "x");
        LambdaOutputStager.Stage(Publish, "MyFunction", Destination);
        var bootstrap = Path.Combine(Destination, "bootstrap");
        var stamp = new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastAccessTimeUtc(bootstrap, stamp);
        var inode = new FileInfo(bootstrap).LastWriteTimeUtc;

        File.Delete(Path.Combine(Publish, "old.dll"));
        LambdaOutputStager.Stage(Publish, "MyFunction", Destination);

        Assert.Equal(inode, new FileInfo(bootstrap).LastWriteTimeUtc);
        Assert.Equal(stamp, File.GetLastAccessTimeUtc(bootstrap)); // not copied again (a copy would touch it)
        Assert.False(File.Exists(Path.Combine(Destination, "old.dll")));
        Assert.Empty(Directory.GetFiles(Destination, "*.lambdaslim-tmp"));
    }

    [Fact]
    public void A_missing_executable_is_LSLIM1011_and_writes_nothing()
    {
        Write("Other", "x");
        var error = Assert.Throws<LambdaSlimException>(() => LambdaOutputStager.Stage(Publish, "MyFunction", Destination));
        Assert.Equal("LSLIM1011", error.Code);
        Assert.False(Directory.Exists(Destination));
    }
}
