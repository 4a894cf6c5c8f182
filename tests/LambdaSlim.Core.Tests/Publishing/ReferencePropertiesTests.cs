using LambdaSlim.Core.Publishing;
using Xunit;

namespace LambdaSlim.Core.Tests.Publishing;

public sealed class ReferencePropertiesTests
{
    private static readonly string[] Inner = ["_LambdaSlimInner", "LambdaPublishMode", "PublishAot", "PublishDir", "MSBuildProjectExtensionsPath"];

    [Fact]
    public void Properties_the_outer_build_was_not_given_are_removed_and_nothing_is_restored()
    {
        var (remove, restore) = ReferenceProperties.For(new Dictionary<string, string> { ["Configuration"] = "Release" }, Inner);

        Assert.Equal("_LambdaSlimInner;LambdaPublishMode;PublishAot;PublishDir;MSBuildProjectExtensionsPath", remove);
        Assert.Equal("", restore);
    }

    [Fact]
    public void Properties_the_outer_build_was_given_are_restored_with_its_values_and_not_removed()
    {
        var outer = new Dictionary<string, string> { ["PublishDir"] = "/ci/out dir/", ["lambdapublishmode"] = "Trimmed", ["Configuration"] = "Release" };

        var (remove, restore) = ReferenceProperties.For(outer, Inner);

        Assert.Equal("_LambdaSlimInner;PublishAot;MSBuildProjectExtensionsPath", remove);
        Assert.Equal("lambdapublishmode=Trimmed;PublishDir=/ci/out dir/", restore);
    }

    [Fact]
    public void Values_are_escaped_so_msbuild_reads_each_pair_back_whole()
    {
        var (_, restore) = ReferenceProperties.For(new Dictionary<string, string> { ["PublishDir"] = "/a;b/$(x)/@y/100%/it's/*?" }, ["PublishDir"]);

        Assert.Equal("PublishDir=/a%3Bb/%24%28x%29/%40y/100%25/it%27s/%2A%3F", restore);
    }
}
