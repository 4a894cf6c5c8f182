using System.Formats.Tar;
using System.Text;
using LambdaSlim.Core.Layers;
using LambdaSlim.Core.Tests.Support;

namespace LambdaSlim.Core.Tests.Layers;

public sealed class DeterministicTarWriterTests
{
    private static readonly DateTimeOffset Epoch = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    private static byte[] TarOf(LayerTree tree, DateTimeOffset? time = null)
    {
        using var buffer = new MemoryStream();
        DeterministicTarWriter.Write(tree.Entries, buffer, time ?? Epoch);
        return buffer.ToArray();
    }

    private static string Field(byte[] tar, int header, int offset, int length) =>
        Encoding.ASCII.GetString(tar, header + offset, length);

    [Fact]
    public void Ustar_headers_carry_fixed_owner_time_and_explicit_modes()
    {
        var tree = new LayerTree()
            .Add(LayerEntry.FromBytes("/etc/passwd", "root:x:0:0::/:/x\n"u8.ToArray()))
            .Add(LayerEntry.Directory("/tmp", LayerEntry.StickyWorldWritable));

        var tar = TarOf(tree);

        // Entry order: etc/ (implied parent), etc/passwd (+1 data block), tmp/.
        Assert.Equal("etc/", Field(tar, 0, 0, 4));
        Assert.Equal('5', (char)tar[156]);
        Assert.Equal("0000755\0", Field(tar, 0, 100, 8));
        var passwd = 512;
        Assert.Equal("etc/passwd\0", Field(tar, passwd, 0, 11));
        Assert.Equal("0000644\0", Field(tar, passwd, 100, 8));
        Assert.Equal("0000000\0", Field(tar, passwd, 108, 8)); // uid
        Assert.Equal("0000000\0", Field(tar, passwd, 116, 8)); // gid
        Assert.Equal("00000000021\0", Field(tar, passwd, 124, 12)); // size 17 in octal
        Assert.Equal(Convert.ToString(1_700_000_000, 8).PadLeft(11, '0') + "\0", Field(tar, passwd, 136, 12));
        Assert.Equal('0', (char)tar[passwd + 156]);
        Assert.Equal("ustar\0" + "00", Field(tar, passwd, 257, 8));
        Assert.Equal(new string('\0', 32), Field(tar, passwd, 265, 32)); // uname empty
        Assert.Equal(new string('\0', 32), Field(tar, passwd, 297, 32)); // gname empty
        var tmp = passwd + 1024;
        Assert.Equal("tmp/\0", Field(tar, tmp, 0, 5));
        Assert.Equal("0001777\0", Field(tar, tmp, 100, 8));
        // Two zero blocks end the archive (TarWriter pads to its record size).
        Assert.All(tar[(tmp + 512)..], b => Assert.Equal(0, b));
    }

    [Fact]
    public void Entries_are_sorted_ordinally_with_parents_first_whatever_the_insertion_order()
    {
        var tree = new LayerTree()
            .Add(LayerEntry.FromBytes("/var/task/b", [1]))
            .Add(LayerEntry.FromBytes("/lib.d/x", [2]))
            .Add(LayerEntry.FromBytes("/lib/a", [3]))
            .Add(LayerEntry.FromBytes("/var/task/a", [4]));

        using var reader = new TarReader(new MemoryStream(TarOf(tree)));
        var names = new List<string>();
        while (reader.GetNextEntry() is { } entry)
        {
            names.Add(entry.Name);
        }

        // Ordinal order: "lib" < "lib.d" < "lib.d/x" < "lib/a" ('.' sorts before '/'); each parent still precedes its children.
        Assert.Equal(["lib/", "lib.d/", "lib.d/x", "lib/a", "var/", "var/task/", "var/task/a", "var/task/b"], names);
    }

    [Fact]
    public void Same_input_gives_identical_bytes_and_time_is_the_only_clock()
    {
        using var temp = new TempDirectory();
        var file = temp.Combine("data.bin");
        File.WriteAllBytes(file, Enumerable.Range(0, 5000).Select(i => (byte)i).ToArray());
        LayerTree Tree() => new LayerTree().Add(LayerEntry.FromFile("/var/task/data.bin", file, LayerEntry.RegularMode));

        var first = TarOf(Tree());
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddDays(-3));
        var second = TarOf(Tree());
        var otherTime = TarOf(Tree(), Epoch.AddSeconds(1));

        Assert.Equal(first, second);
        Assert.NotEqual(first, otherTime);
    }

    [Fact]
    public void Long_paths_use_gnu_long_names_deterministically_and_never_pax()
    {
        var longPath = "/var/task/" + string.Join('/', Enumerable.Repeat("directory-with-a-long-name", 6)) + "/file.txt";
        LayerTree Tree() => new LayerTree().Add(LayerEntry.FromBytes(longPath, "x"u8.ToArray()));

        var first = TarOf(Tree());
        var second = TarOf(Tree());

        Assert.Equal(first, second);
        Assert.DoesNotContain(first.Chunk(512), block => block[156] is (byte)'x' or (byte)'g'); // no PAX headers
        using var reader = new TarReader(new MemoryStream(first));
        TarEntry? last = null;
        while (reader.GetNextEntry() is { } entry)
        {
            last = entry;
        }
        Assert.Equal(longPath.TrimStart('/'), last!.Name);
        Assert.Equal(TarEntryFormat.Gnu, last.Format);
        Assert.Equal(Epoch, last.ModificationTime);
    }

    [Fact]
    public void Symbolic_links_are_link_entries_with_their_target_and_mode_0777()
    {
        var tree = new LayerTree()
            .Add(LayerEntry.FromBytes("/usr/share/zoneinfo/America/New_York", "TZif"u8.ToArray()))
            .Add(LayerEntry.SymbolicLink("/usr/share/zoneinfo/US/Eastern", "../America/New_York"));

        var tar = TarOf(tree);
        using var reader = new TarReader(new MemoryStream(tar));
        var entries = new List<TarEntry>();
        while (reader.GetNextEntry() is { } entry)
        {
            entries.Add(entry);
        }

        var link = entries.Single(e => e.Name == "usr/share/zoneinfo/US/Eastern");
        Assert.Equal(TarEntryType.SymbolicLink, link.EntryType);
        Assert.Equal("../America/New_York", link.LinkName);
        Assert.Equal(LayerEntry.LinkMode, link.Mode);
        Assert.Equal(0, link.Length);
        Assert.Equal(TarEntryFormat.Ustar, link.Format);
        Assert.Equal(Epoch, link.ModificationTime);
        Assert.Equal(tar, TarOf(tree));
    }

    [Fact]
    public void A_link_target_over_100_bytes_uses_a_gnu_long_link_header()
    {
        var target = "/" + string.Join('/', Enumerable.Repeat("a-long-directory-name", 6)) + "/file";
        var tree = new LayerTree().Add(LayerEntry.SymbolicLink("/link", target));

        using var reader = new TarReader(new MemoryStream(TarOf(tree)));
        var link = reader.GetNextEntry()!;

        Assert.Equal(target, link.LinkName);
        Assert.Equal(TarEntryFormat.Gnu, link.Format);
    }

    [Fact]
    public void Rejects_two_files_at_one_path_and_relative_paths()
    {
        var tree = new LayerTree().Add(LayerEntry.FromBytes("/a", [1]));

        Assert.Equal("LSLIM2015", Assert.Throws<LambdaSlimException>(() => tree.Add(LayerEntry.FromBytes("/a", [2]))).Code);
        Assert.Equal("LSLIM2015", Assert.Throws<LambdaSlimException>(() => tree.Add(LayerEntry.FromBytes("/a/b", [2]))).Code);
        Assert.Equal("LSLIM2015", Assert.Throws<LambdaSlimException>(() => new LayerTree().Add(LayerEntry.FromBytes("relative", [1]))).Code);
        Assert.Equal("LSLIM2015", Assert.Throws<LambdaSlimException>(() => new LayerTree().Add(LayerEntry.FromBytes("/x/../etc/passwd", [1]))).Code);
    }
}
