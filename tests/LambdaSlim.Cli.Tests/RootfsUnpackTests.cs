using LambdaSlim.Cli.Tests.Support;
using LambdaSlim.Core;
using LambdaSlim.Emulator.Local;

namespace LambdaSlim.Cli.Tests;

/// <summary>Unpacking layers never writes outside the root filesystem and follows container whiteout rules.</summary>
public sealed class RootfsUnpackTests
{
    private static string Unpack(TempDirectory folder, params IReadOnlyList<System.Formats.Tar.TarEntry>[] layers)
    {
        var layout = OciLayoutImage.Open(CraftedLayout.Write(folder.Combine("layout"), layers));
        return RootfsCache.GetOrUnpack(layout, layout.Manifests.Single(), folder.Combine("cache"), out _);
    }

    [Fact]
    public void An_entry_climbing_out_with_dotdot_is_refused_and_nothing_is_left_in_the_cache()
    {
        using var folder = new TempDirectory();
        var error = Assert.Throws<LambdaSlimException>(() => Unpack(folder, [CraftedLayout.File("var/../../escaped", "x")]));

        Assert.Equal(LocalErrorCodes.UnsafeLayerPath, error.Code);
        Assert.False(File.Exists(folder.Combine("escaped")));
        Assert.Empty(Directory.GetDirectories(folder.Combine("cache", "rootfs")));
    }

    [Fact]
    public void A_file_written_through_a_link_to_an_outside_path_lands_inside_the_root()
    {
        using var folder = new TempDirectory();
        using var outside = new TempDirectory();
        var rootfs = Unpack(folder,
            [CraftedLayout.Link("evil", outside.Path), CraftedLayout.Link("up", "../../../..")],
            [CraftedLayout.File("evil/pwned", "1"), CraftedLayout.File("up/pwned-too", "2")]);

        Assert.Empty(Directory.GetFileSystemEntries(outside.Path));
        Assert.True(File.Exists(Path.Combine([rootfs, .. outside.Path.Split('/', StringSplitOptions.RemoveEmptyEntries), "pwned"])));
        Assert.True(File.Exists(Path.Combine(rootfs, "pwned-too")));
    }

    [Fact]
    public void Whiteouts_delete_lower_files_and_opaque_folders_keep_only_the_upper_layer()
    {
        using var folder = new TempDirectory();
        var rootfs = Unpack(folder,
            [CraftedLayout.Folder("etc"), CraftedLayout.File("etc/a", "1"), CraftedLayout.File("etc/b", "1"), CraftedLayout.Folder("opt"), CraftedLayout.File("opt/old", "1")],
            [CraftedLayout.File("etc/.wh.a", ""), CraftedLayout.File("opt/new", "2"), CraftedLayout.File("opt/.wh..wh..opq", "")]);

        Assert.False(File.Exists(Path.Combine(rootfs, "etc", "a")));
        Assert.True(File.Exists(Path.Combine(rootfs, "etc", "b")));
        Assert.Equal(["new"], Directory.GetFileSystemEntries(Path.Combine(rootfs, "opt")).Select(Path.GetFileName));
        Assert.True(Directory.Exists(Path.Combine(rootfs, "proc")), "mount points for the sandbox are created");
    }

    [Fact]
    public void A_damaged_layer_is_refused_by_digest()
    {
        using var folder = new TempDirectory();
        var directory = CraftedLayout.Write(folder.Combine("layout"), [CraftedLayout.File("var/task/bootstrap", "x")]);
        var layout = OciLayoutImage.Open(directory);
        var layer = layout.Manifests.Single().Manifest.Layers.Single();
        var blob = layout.BlobPath(layer.Digest);
        var bytes = File.ReadAllBytes(blob);
        bytes[^1] ^= 0xff;
        File.WriteAllBytes(blob, bytes);

        var error = Assert.Throws<LambdaSlimException>(() => RootfsCache.GetOrUnpack(layout, layout.Manifests.Single(), folder.Combine("cache"), out _));
        Assert.Equal(LocalErrorCodes.InvalidImage, error.Code);
    }
}
