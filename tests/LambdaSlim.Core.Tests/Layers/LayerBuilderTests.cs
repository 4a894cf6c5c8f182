using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using LambdaSlim.Core.Layers;
using LambdaSlim.Core.Tests.Support;

namespace LambdaSlim.Core.Tests.Layers;

public sealed class LayerBuilderTests
{
    [Fact]
    public void Digest_is_of_the_compressed_blob_and_diff_id_of_the_tar()
    {
        using var temp = new TempDirectory();
        var tree = new LayerTree().Add(LayerEntry.FromBytes("/var/task/bootstrap", new byte[10_000], LayerEntry.ExecutableMode));

        var blob = LayerBuilder.Build(tree, DateTimeOffset.UnixEpoch, temp.Combine("layer.tar.gz"));

        var compressed = File.ReadAllBytes(blob.Path);
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(compressed)), blob.Digest);
        Assert.Equal(compressed.Length, blob.Size);
        using var tar = new MemoryStream();
        using (var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress))
        {
            gzip.CopyTo(tar);
        }
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(tar.ToArray())), blob.DiffId);
        Assert.Equal(tar.Length, blob.UncompressedSize);
        tar.Position = 0;
        using var reader = new TarReader(tar);
        var entries = new List<TarEntry>();
        while (reader.GetNextEntry() is { } e)
        {
            entries.Add(e);
        }
        Assert.Equal(["var/", "var/task/", "var/task/bootstrap"], entries.Select(e => e.Name));
        Assert.Equal(LayerEntry.ExecutableMode, entries[2].Mode);
        Assert.Empty(Directory.GetFiles(temp.Path, "*.partial"));
    }

    [Fact]
    public void Symlinked_sources_are_stored_as_regular_files()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.Combine("real.so.1.2"), "library");
        File.CreateSymbolicLink(temp.Combine("lib.so.1"), "real.so.1.2");
        var tree = new LayerTree().Add(LayerEntry.FromFile("/lib/lib.so.1", temp.Combine("lib.so.1"), LayerEntry.RegularMode));

        var blob = LayerBuilder.Build(tree, DateTimeOffset.UnixEpoch, temp.Combine("l.tar.gz"));

        using var reader = new TarReader(new GZipStream(File.OpenRead(blob.Path), CompressionMode.Decompress));
        reader.GetNextEntry();
        var entry = reader.GetNextEntry()!;
        Assert.Equal(TarEntryType.RegularFile, entry.EntryType);
        Assert.Equal("library", new StreamReader(entry.DataStream!).ReadToEnd());
    }

    [Fact]
    public void Cache_hit_skips_the_build_and_a_changed_input_misses()
    {
        using var temp = new TempDirectory();
        var source = temp.Combine("bootstrap");
        File.WriteAllBytes(source, new byte[4096]);
        var cache = new LayerCache(temp.Combine("cache"));
        LayerTree Tree() => new LayerTree().Add(LayerEntry.FromFile("/var/task/bootstrap", source, LayerEntry.ExecutableMode));

        var first = cache.GetOrBuild(Tree(), DateTimeOffset.UnixEpoch, CompressionLevel.SmallestSize, out var builtFirst);
        var second = cache.GetOrBuild(Tree(), DateTimeOffset.UnixEpoch, CompressionLevel.SmallestSize, out var builtSecond);
        File.WriteAllBytes(source, new byte[4097]);
        var third = cache.GetOrBuild(Tree(), DateTimeOffset.UnixEpoch, CompressionLevel.SmallestSize, out var builtThird);
        var otherTime = cache.GetOrBuild(Tree(), DateTimeOffset.UnixEpoch.AddDays(1), CompressionLevel.SmallestSize, out var builtOtherTime);

        Assert.True(builtFirst);
        Assert.False(builtSecond);
        Assert.Equal(first, second);
        Assert.True(builtThird);
        Assert.NotEqual(first.Digest, third.Digest);
        Assert.True(builtOtherTime);
        Assert.NotEqual(third.Digest, otherTime.Digest);
    }

    [Fact]
    public void Cache_key_follows_content_not_file_times()
    {
        using var temp = new TempDirectory();
        var source = temp.Combine("bootstrap");
        File.WriteAllBytes(source, new byte[100]);
        var time = File.GetLastWriteTimeUtc(source);
        LayerTree Tree() => new LayerTree().Add(LayerEntry.FromFile("/var/task/bootstrap", source, LayerEntry.ExecutableMode));
        var before = LayerCache.KeyOf(Tree(), DateTimeOffset.UnixEpoch, CompressionLevel.SmallestSize);

        // Same size, same time, other bytes (what `cp -p` of a rebuilt file can produce): a different key.
        File.WriteAllBytes(source, Enumerable.Repeat((byte)1, 100).ToArray());
        File.SetLastWriteTimeUtc(source, time);
        var changed = LayerCache.KeyOf(Tree(), DateTimeOffset.UnixEpoch, CompressionLevel.SmallestSize);
        // Only the time changes: the same key.
        File.SetLastWriteTimeUtc(source, time.AddHours(1));
        var touched = LayerCache.KeyOf(Tree(), DateTimeOffset.UnixEpoch, CompressionLevel.SmallestSize);

        Assert.NotEqual(before, changed);
        Assert.Equal(changed, touched);
    }

    [Fact]
    public void Cache_rebuilds_when_its_blob_was_deleted()
    {
        using var temp = new TempDirectory();
        var cache = new LayerCache(temp.Combine("cache"));
        var tree = new LayerTree().Add(LayerEntry.FromBytes("/a", [1, 2, 3]));

        var first = cache.GetOrBuild(tree, DateTimeOffset.UnixEpoch, CompressionLevel.SmallestSize, out _);
        File.Delete(first.Path);
        var again = cache.GetOrBuild(tree, DateTimeOffset.UnixEpoch, CompressionLevel.SmallestSize, out var built);

        Assert.True(built);
        Assert.Equal(first.Digest, again.Digest);
    }
}
