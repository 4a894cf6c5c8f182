using LambdaSlim.Core.Image;

namespace LambdaSlim.Core.Tests;

public sealed class CoreReferencesTests
{
    [Fact]
    public void Core_does_not_reference_msbuild()
    {
        var references = typeof(ImageBuilder).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.Contains("System.Formats.Tar", references);
        Assert.DoesNotContain(references, name => name.StartsWith("Microsoft.Build", StringComparison.Ordinal));
    }
}
