using System.IO.Compression;
using LambdaSlim.Core.Layers;

namespace LambdaSlim.Core.Tests.Layers;

public sealed class DeterministicGzipStreamTests
{
    private static readonly byte[] Sample = Enumerable.Range(0, 200_000).Select(i => (byte)(i * 31 % 251)).ToArray();

    private static byte[] Gzip(byte[] data, CompressionLevel level)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new DeterministicGzipStream(buffer, level, leaveOpen: true))
        {
            gzip.Write(data);
        }
        return buffer.ToArray();
    }

    [Fact]
    public void Header_has_no_time_no_name_and_a_fixed_os_byte()
    {
        var smallest = Gzip(Sample, CompressionLevel.SmallestSize);
        var optimal = Gzip(Sample, CompressionLevel.Optimal);

        Assert.Equal(new byte[] { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 3 }, smallest[..10]);
        Assert.Equal(new byte[] { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3 }, optimal[..10]);
    }

    [Fact]
    public void Trailer_holds_crc32_and_size_and_standard_gzip_reads_it_back()
    {
        var gz = Gzip(Sample, CompressionLevel.SmallestSize);

        Assert.Equal((uint)Sample.Length, BitConverter.ToUInt32(gz, gz.Length - 4));
        using var decompressed = new MemoryStream();
        using (var reader = new GZipStream(new MemoryStream(gz), CompressionMode.Decompress))
        {
            reader.CopyTo(decompressed);
        }
        Assert.Equal(Sample, decompressed.ToArray());
        // CRC-32 of "123456789" is the standard check value 0xCBF43926.
        var check = Gzip("123456789"u8.ToArray(), CompressionLevel.Optimal);
        Assert.Equal(0xCBF43926u, BitConverter.ToUInt32(check, check.Length - 8));
    }

    [Fact]
    public void Same_bytes_every_run_and_equal_to_GZipStream_on_linux()
    {
        var first = Gzip(Sample, CompressionLevel.SmallestSize);
        var second = Gzip(Sample, CompressionLevel.SmallestSize);
        Assert.Equal(first, second);

        // What GZipStream writes on this Linux machine: the same header (OS byte 3) and deflate data. On Windows its
        // OS byte would be 10, which is why we frame gzip ourselves.
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(Sample);
        }
        Assert.Equal(buffer.ToArray(), first);
    }
}
