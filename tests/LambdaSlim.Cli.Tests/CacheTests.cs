using LambdaSlim.Cli.Tests.Support;
using Xunit.Abstractions;

namespace LambdaSlim.Cli.Tests;

/// <summary>The root filesystem is unpacked once per manifest digest and reused by later runs.</summary>
[Collection(TestImagesCollection.Name)]
public sealed class CacheTests(TestImages images, ITestOutputHelper output)
{
    [Theory]
    [InlineData("layout", "x86_64")]
    [InlineData("layout", "arm64")]
    [InlineData("archive", "x86_64")]
    [InlineData("archive", "arm64")]
    [InlineData("sdk-layout", "x86_64")]
    [InlineData("sdk-layout", "arm64")]
    public void The_second_run_reuses_the_unpacked_rootfs(string kind, string architecture)
    {
        using var cache = new TempDirectory("lslim-cli-cache-");
        string[] arguments = ["invoke", images.Image(kind, architecture), "--arch", architecture];

        var first = Lambdaslim.Run(cache.Path, arguments);
        Assert.True(first.ExitCode == 0, first.ToString());
        var rootfs = Assert.Single(Directory.GetDirectories(Path.Combine(cache.Path, "rootfs")));
        // A marker the unpacker would never write: it survives only if the second run does not unpack again.
        var marker = Path.Combine(rootfs, "marker-from-test");
        File.WriteAllText(marker, "");

        var second = Lambdaslim.Run(cache.Path, arguments);

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.True(File.Exists(marker), "the cached rootfs was unpacked again");
        Assert.Contains("lambdaslim: unpacked", first.StandardError);
        Assert.DoesNotContain("lambdaslim: unpacked", second.StandardError);
        Assert.Single(Directory.GetDirectories(Path.Combine(cache.Path, "rootfs")));
        output.WriteLine($"invoke {kind} {architecture}: first run {first.Elapsed.TotalMilliseconds:0} ms, cached {second.Elapsed.TotalMilliseconds:0} ms");
    }
}
