using System.IO.Compression;
using LambdaSlim.Core.Image;
using LambdaSlim.Core.Oci;

namespace LambdaSlim.Core.Tests.Image;

public sealed class ImageBuildOptionsTests
{
    [Theory]
    [InlineData("", ImageFormat.Oci)]
    [InlineData("oci", ImageFormat.Oci)]
    [InlineData("Docker", ImageFormat.Docker)]
    public void Format_values(string value, ImageFormat expected) => Assert.Equal(expected, ImageBuildOptions.ParseFormat(value));

    [Theory]
    [InlineData("", CompressionLevel.SmallestSize)]
    [InlineData("SmallestSize", CompressionLevel.SmallestSize)]
    [InlineData("optimal", CompressionLevel.Optimal)]
    public void Compression_values(string value, CompressionLevel expected) => Assert.Equal(expected, ImageBuildOptions.ParseCompression(value));

    [Fact]
    public void Unknown_values_are_coded_errors_naming_the_property()
    {
        Assert.Contains("LambdaImageFormat", Assert.Throws<LambdaSlimException>(() => ImageBuildOptions.ParseFormat("v1")).Message);
        Assert.Equal("LSLIM2050", Assert.Throws<LambdaSlimException>(() => ImageBuildOptions.ParseCompression("Fastest")).Code);
    }

    [Fact]
    public void Extra_file_modes_are_octal()
    {
        Assert.Null(ExtraImageFile.ParseMode("", "tool"));
        Assert.Equal((UnixFileMode)0b111_101_101, ExtraImageFile.ParseMode("0755", "tool"));
        Assert.Equal((UnixFileMode)0b110_100_100, ExtraImageFile.ParseMode("644", "tool"));
        Assert.Equal("LSLIM2015", Assert.Throws<LambdaSlimException>(() => ExtraImageFile.ParseMode("rwx", "tool")).Code);
        Assert.Equal("LSLIM2015", Assert.Throws<LambdaSlimException>(() => ExtraImageFile.ParseMode("0789", "tool")).Code);
    }

    [Fact]
    public void Source_date_epoch_defaults_to_1970()
    {
        Assert.Equal(DateTimeOffset.UnixEpoch, ImageBuildOptions.TimestampFrom(null));
        Assert.Equal(DateTimeOffset.UnixEpoch, ImageBuildOptions.TimestampFrom(" "));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), ImageBuildOptions.TimestampFrom("1700000000"));
        Assert.Equal("LSLIM2024", Assert.Throws<LambdaSlimException>(() => ImageBuildOptions.TimestampFrom("-5")).Code);
    }
}
