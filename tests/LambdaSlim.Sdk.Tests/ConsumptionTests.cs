using System.Text.Json;
using LambdaSlim.Emulator;
using LambdaSlim.Sdk.Tests.Infrastructure;

namespace LambdaSlim.Sdk.Tests;

/// <summary>The other ways users consume the SDK: a PackageReference, and the IDE publish profile.</summary>
[Collection(SdkCollection.Name)]
public sealed class ConsumptionTests(PublishedSamples samples)
{
    [Fact]
    public async Task A_PackageReference_in_a_Microsoft_NET_Sdk_project_publishes_the_same_way()
    {
        var workspace = SampleWorkspace.Create("Hello", "hello-packagereference");
        ConsumeByPackageReference(workspace, "<Project Sdk=\"LambdaSlim.Sdk\">", "<Project Sdk=\"Microsoft.NET.Sdk\">", "LambdaSlim.Sdk");

        var result = await workspace.PublishAsync("-p:PublishLambdaImage=true", "-p:LambdaArchitectures=x86_64");

        Assert.True(result.ExitCode == 0, result.ToString());
        var invoke = await FunctionInvoker.InvokeOnceAsync(workspace.Bootstrap("x86_64"), "x86_64", "{}");
        Assert.Equal(InvocationStatus.Success, invoke.Status);
        Assert.Contains("Hello from LambdaSlim", invoke.PayloadText);
    }

    [Fact]
    public async Task A_PackageReference_in_a_Microsoft_NET_Sdk_Web_project_publishes_the_web_app_that_answers_in_its_image()
    {
        var workspace = SampleWorkspace.Create("WebApi", "webapi-packagereference");
        // As for LambdaSlim.Events, a PackageReference consumer references LambdaSlim.AspNetCore itself (docs/aspnetcore.md).
        ConsumeByPackageReference(workspace, "<Sdk Name=\"LambdaSlim.Sdk\" />", "", "LambdaSlim.Sdk", "LambdaSlim.AspNetCore");

        // x86_64 only: WebApiImageTests cover both architectures through the additional-SDK route.
        var result = await workspace.PublishAsync("-p:PublishLambdaImage=true", "-p:LambdaArchitectures=x86_64");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotMatch(@"warning (IL|SYSLIB)\d+", result.Output);
        Assert.Equal(["appsettings.json", "bootstrap"],
            Directory.EnumerateFiles(Path.Combine(workspace.LambdaOutput, "x86_64")).Select(Path.GetFileName).Where(f => !f!.EndsWith(".dbg")).Order());
        var invocation = await ImageInvoker.InvokeOnceAsync(Path.Combine(workspace.LambdaOutput, "image"), "x86_64",
            Path.Combine(workspace.Directory, "local-cache"), HttpEventSource.HttpApi.Event(WebApiRoutes.Info));
        Assert.True(invocation.Result.Status == InvocationStatus.Success, invocation.ToString());
        var answer = HttpEventSource.HttpApi.ReadAnswer(invocation.Result.PayloadText);
        using var info = JsonDocument.Parse(answer.Body);
        Assert.Equal("Hello from appsettings.json", info.RootElement.GetProperty("greeting").GetString());
        Assert.Equal("/var/task", info.RootElement.GetProperty("contentRoot").GetString());
    }

    /// <summary>Replaces the project's SDK reference (<paramref name="sdkReference"/>) by PackageReferences of this build's packages.</summary>
    private static void ConsumeByPackageReference(SampleWorkspace workspace, string sdkReference, string replacement, params string[] packages)
    {
        string references = string.Concat(packages.Select(p => $"    <PackageReference Include=\"{p}\" Version=\"{TestRepo.PackageVersion}\" />\n"));
        workspace.EditProject(p => p
            .Replace(sdkReference, replacement)
            .Replace("</Project>", $"  <ItemGroup>\n{references}  </ItemGroup>\n</Project>"));
        File.Delete(Path.Combine(workspace.Directory, "global.json"));
    }

    [Theory]
    [InlineData("x86_64")]
    [InlineData("arm64")]
    public async Task The_LambdaImage_publish_profile_publishes_the_api_gateway_sample(string architecture)
    {
        var published = await samples.GetAsync("apigateway-profile", "ApiGateway", "-p:PublishProfile=LambdaImage");
        var apiEvent = File.ReadAllText(Path.Combine(published.Workspace.Directory, "event.json"));

        var result = await FunctionInvoker.InvokeOnceAsync(published.Workspace.Bootstrap(architecture), architecture, apiEvent);

        Assert.Equal(InvocationStatus.Success, result.Status);
        using var response = JsonDocument.Parse(result.PayloadText);
        Assert.Equal(200, response.RootElement.GetProperty("statusCode").GetInt32());
        Assert.Equal("application/json", response.RootElement.GetProperty("headers").GetProperty("content-type").GetString());
        using var body = JsonDocument.Parse(response.RootElement.GetProperty("body").GetString()!);
        Assert.Equal("Hello, Ada!", body.RootElement.GetProperty("greeting").GetString());
        Assert.Equal("203.0.113.7", body.RootElement.GetProperty("sourceIp").GetString());
        Assert.True(body.RootElement.GetProperty("coldStart").GetBoolean());
    }
}
