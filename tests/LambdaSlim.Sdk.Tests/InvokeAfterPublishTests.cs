using LambdaSlim.Sdk.Tests.Infrastructure;

namespace LambdaSlim.Sdk.Tests;

/// <summary>`-p:LambdaInvokeEvent=FILE` invokes the freshly built image once per architecture after publish.</summary>
[Collection(SdkCollection.Name)]
public sealed class InvokeAfterPublishTests(PublishedSamples samples)
{
    [Fact]
    public async Task Publish_with_LambdaInvokeEvent_prints_each_architectures_response()
    {
        var published = await samples.HelloDefault;
        File.WriteAllText(Path.Combine(published.Workspace.Directory, "probe.json"), """{"probe":"after-publish"}""");

        // Nothing changed since the shared publish, so this costs the image check and the two invokes.
        var result = await published.Workspace.PublishAsync("-p:PublishLambdaImage=true", "-p:LambdaInvokeEvent=probe.json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"LambdaSlim: x86_64 response \(\d+ ms\): \{""message"":""Hello from LambdaSlim"",""architecture"":""X64"".*""eventBytes"":25\}", result.Output);
        Assert.Matches(@"LambdaSlim: arm64\s+response \(\d+ ms\): \{""message"":""Hello from LambdaSlim"",""architecture"":""Arm64"".*""eventBytes"":25\}", result.Output);
    }
}
