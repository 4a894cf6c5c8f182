using LambdaSlim.Cli.Tests.Support;
using LambdaSlim.Core.Image;
using LambdaSlim.Core.Publishing;
using LambdaSlim.Core.Runtime;

namespace LambdaSlim.Cli.Tests;

/// <summary><c>lambdaslim inspect</c>: the per-architecture size and content report read from the layout.</summary>
[Collection(TestImagesCollection.Name)]
public sealed class InspectTests(TestImages images)
{
    [Theory]
    [InlineData("layout")]
    [InlineData("archive")]
    public void Reports_layers_files_and_the_create_function_line_per_architecture(string kind)
    {
        var result = Lambdaslim.Run(images.Cache, ["inspect", images.Image(kind, "x86_64"), "--repository", "123.dkr.ecr.eu-west-1.amazonaws.com/echo"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var text = result.StandardOutput;
        foreach (var architecture in new[] { "x86_64", "arm64" })
        {
            var digest = images.ManifestDigest("t-" + architecture);
            Assert.Contains($"{architecture} (linux/", text);
            Assert.Contains($"manifest {digest}", text);
            Assert.Contains($"--architectures {architecture} --code ImageUri=123.dkr.ecr.eu-west-1.amazonaws.com/echo@{digest}", text);
        }
        Assert.Contains("tags: t, t-x86_64", text); // index.json order: the index tag t comes first
        Assert.Matches(@"/var/task/bootstrap +[\d,]+\n", text.Replace("\r", ""));
        Assert.Contains("/etc/.wh.removed-later", text);
        Assert.Equal(2, text.Split('\n').Count(l => l.TrimStart().StartsWith("total", StringComparison.Ordinal)));
    }

    [Fact]
    public void Run_time_parts_show_what_they_are_for_why_they_are_in_their_bytes_and_files()
    {
        using var temp = new TempDirectory();
        var folder = Directory.CreateDirectory(temp.Combine("x86_64")).FullName;
        File.Copy(images.BootstrapX64, Path.Combine(folder, "bootstrap"));
        var result = ImageBuilder.Build(new ImageBuildOptions
        {
            Architectures = [new ArchitectureInput(LambdaArchitecture.X86_64, folder, Path.Combine(folder, "bootstrap"), "Aot", null, new BaseImage.Closure(), [])],
            LayoutDirectory = temp.Combine("image"),
            CacheDirectory = temp.Combine("layers"),
            RuntimeParts = new RuntimePartSettings { OpenSsl = RuntimePartMode.Include, TimeZoneData = RuntimePartMode.Include },
        });

        var inspect = Lambdaslim.Run(images.Cache, ["inspect", result.LayoutDirectory]);

        Assert.True(inspect.ExitCode == 0, inspect.ToString());
        var lines = inspect.StandardOutput.Replace("\r", "").Split('\n');
        var openSsl = result.Images[0].Layers.Single(l => l.Role == "openssl");
        Assert.Contains(lines, l => l.Contains(openSsl.Descriptor.Digest, StringComparison.Ordinal)
            && l.Contains(openSsl.Descriptor.Size.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            && l.EndsWith("LambdaSlim openssl layer: TLS and hashing (libssl.so.3, libcrypto.so.3); LambdaOpenSsl=Include", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.TrimStart().StartsWith("/lib/x86_64-linux-gnu/libssl.so.3 ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("LambdaSlim ca-certificates layer: trusted CA certificates", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("LambdaSlim tzdata layer: time zones", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.TrimStart().StartsWith("/usr/share/zoneinfo/US/Eastern", StringComparison.Ordinal) && l.EndsWith("-> ../America/New_York", StringComparison.Ordinal));
    }

    [Fact]
    public void A_bootstrap_file_is_not_an_image_to_inspect()
    {
        var result = Lambdaslim.Run(images.Cache, ["inspect", images.BootstrapX64]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error LSLIM5101:", result.StandardError);
    }
}
