using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using LambdaSlim.Core.Tests.Support;
using LambdaSlim.Core.Zip;

namespace LambdaSlim.Core.Tests.Zip;

public sealed class LambdaZipWriterTests
{
    private static string App(TempDirectory temp)
    {
        var app = Directory.CreateDirectory(temp.Combine("x86_64")).FullName;
        File.WriteAllBytes(Path.Combine(app, "bootstrap"), Enumerable.Repeat((byte)7, 3000).ToArray());
        File.SetUnixFileMode(Path.Combine(app, "bootstrap"), (UnixFileMode)0b111_000_000); // 0700: the zip must still say 0755
        File.WriteAllText(Path.Combine(app, "bootstrap.dbg"), "symbols");
        Directory.CreateDirectory(Path.Combine(app, "data"));
        File.WriteAllText(Path.Combine(app, "data", "config.json"), "{}");
        File.WriteAllText(Path.Combine(app, "appsettings.json"), "{}");
        return app;
    }

    private static List<(string Name, ushort MadeBy, ushort Time, ushort Date, uint External)> CentralDirectory(byte[] zip)
    {
        var entries = new List<(string, ushort, ushort, ushort, uint)>();
        for (var at = 0; at + 46 <= zip.Length; at++)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(at)) != 0x02014b50)
            {
                continue;
            }
            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(at + 28));
            entries.Add((Encoding.UTF8.GetString(zip, at + 46, nameLength),
                BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(at + 4)),
                BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(at + 12)),
                BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(at + 14)),
                BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(at + 38))));
        }
        return entries;
    }

    [Fact]
    public void Bootstrap_first_with_unix_mode_0755_and_fixed_dos_time()
    {
        using var temp = new TempDirectory();
        var app = App(temp);
        var zipPath = temp.Combine("function-x86_64.zip");

        LambdaZipWriter.Write(app, Path.Combine(app, "bootstrap"), zipPath, DateTimeOffset.UnixEpoch);

        var entries = CentralDirectory(File.ReadAllBytes(zipPath));
        Assert.Equal(["bootstrap", "appsettings.json", "data/config.json"], entries.Select(e => e.Name));
        Assert.All(entries, e => Assert.Equal(3, e.MadeBy >> 8)); // version made by: Unix
        Assert.Equal(0x81EDu << 16, entries[0].External);          // S_IFREG | 0755
        Assert.Equal(0x81A4u << 16, entries[1].External);          // S_IFREG | 0644
        Assert.All(entries, e => Assert.Equal((ushort)0, e.Time)); // 00:00:00
        Assert.All(entries, e => Assert.Equal((ushort)((0 << 9) | (1 << 5) | 1), e.Date)); // 1980-01-01
        using var archive = ZipFile.OpenRead(zipPath);
        Assert.Equal(3000, archive.GetEntry("bootstrap")!.Length);
        Assert.Null(archive.GetEntry("bootstrap.dbg"));
    }

    [Fact]
    public void Two_writes_give_identical_bytes_and_source_date_epoch_is_honoured()
    {
        using var temp = new TempDirectory();
        var app = App(temp);

        LambdaZipWriter.Write(app, Path.Combine(app, "bootstrap"), temp.Combine("a.zip"), DateTimeOffset.UnixEpoch);
        File.SetLastWriteTimeUtc(Path.Combine(app, "bootstrap"), DateTime.UtcNow);
        LambdaZipWriter.Write(app, Path.Combine(app, "bootstrap"), temp.Combine("b.zip"), DateTimeOffset.UnixEpoch);
        var epoch = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000); // 2023-11-14 22:13:20 UTC
        LambdaZipWriter.Write(app, Path.Combine(app, "bootstrap"), temp.Combine("c.zip"), epoch);

        Assert.Equal(File.ReadAllBytes(temp.Combine("a.zip")), File.ReadAllBytes(temp.Combine("b.zip")));
        var c = CentralDirectory(File.ReadAllBytes(temp.Combine("c.zip")))[0];
        Assert.Equal((ushort)((22 << 11) | (13 << 5) | (20 / 2)), c.Time);
        Assert.Equal((ushort)(((2023 - 1980) << 9) | (11 << 5) | 14), c.Date);
    }

    [Fact]
    public void Missing_bootstrap_is_a_coded_error_and_writes_nothing()
    {
        using var temp = new TempDirectory();

        var error = Assert.Throws<LambdaSlimException>(() => LambdaZipWriter.Write(temp.Path, temp.Combine("bootstrap"), temp.Combine("f.zip"), DateTimeOffset.UnixEpoch));

        Assert.Equal("LSLIM2014", error.Code);
        Assert.False(File.Exists(temp.Combine("f.zip")));
    }
}
