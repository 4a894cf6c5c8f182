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
        workspace.EditProject(p => p
            .Replace("<Project Sdk=\"LambdaSlim.Sdk\">", "<Project Sdk=\"Microsoft.NET.Sdk\">")
            .Replace("</Project>", $"""
                  <ItemGroup>
                    <PackageReference Include="LambdaSlim.Sdk" Version="{TestRepo.PackageVersion}" />
                  </ItemGroup>
                </Project>
                """));
        File.Delete(Path.Combine(workspace.Directory, "global.json"));

        var result = await workspace.PublishAsync("-p:PublishLambdaImage=true", "-p:LambdaArchitectures=x86_64");

        Assert.True(result.ExitCode == 0, result.ToString());
        var invoke = await FunctionInvoker.InvokeOnceAsync(workspace.Bootstrap("x86_64"), "x86_64", "{}");
        Assert.Equal(InvocationStatus.Success, invoke.Status);
        Assert.Contains("Hello from LambdaSlim", invoke.PayloadText);
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
