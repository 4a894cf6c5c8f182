using LambdaSlim.Cli.Tests.Support;

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
    public void A_bootstrap_file_is_not_an_image_to_inspect()
    {
        var result = Lambdaslim.Run(images.Cache, ["inspect", images.BootstrapX64]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error LSLIM5101:", result.StandardError);
    }
}
