using System.Text.Json;
using LambdaSlim.Sdk.Tests.Infrastructure;

namespace LambdaSlim.Sdk.Tests;

/// <summary>
/// Each `dotnet new` template from the packed LambdaSlim.Templates, the way a user starts: create the project outside
/// the repository, publish the image for both architectures, run the generated tests, and `lambdaslim invoke` the
/// image of each architecture with the template's event.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class TemplateTests
{
    private const string SqsProjectName = "OrderUpdates";

    private static string Lambdaslim => Path.Combine(AppContext.BaseDirectory, "lambdaslim.dll");

    [Theory]
    [InlineData("lambdaslim", "Greeter", "event.json")]
    [InlineData("lambdaslim-http", "Orders.Api", "apigw-v2")]
    [InlineData("lambdaslim-sqs", SqsProjectName, "sqs")]
    public async Task The_template_publishes_for_both_architectures_passes_its_tests_and_answers_its_event(string template, string name, string @event)
    {
        var (project, publish) = await TemplateProject.PublishedAsync(template, name);
        // The project references the SDK release that made it.
        Assert.StartsWith($"<Project Sdk=\"LambdaSlim.Sdk/{TestRepo.PackageVersion}\">", File.ReadAllText(project.FunctionProject));

        Assert.True(publish.ExitCode == 0, publish.ToString());
        Assert.DoesNotMatch(@"warning (IL|SYSLIB)\d+", publish.Output);

        var tests = await project.DotNetAsync(project.TestDirectory, "test");
        Assert.True(tests.ExitCode == 0, tests.ToString());
        Assert.Matches(@"Passed!\s+-\s+Failed:\s+0, Passed:\s+[1-9]", tests.Output);

        foreach (string architecture in new[] { "x86_64", "arm64" })
        {
            var invoke = await InvokeAsync(project, architecture, @event);
            Assert.True(invoke.ExitCode == 0, invoke.ToString());
            using var answer = JsonDocument.Parse(invoke.StandardOutput);
            AssertExpectedAnswer(template, answer.RootElement);
        }
    }

    [Fact]
    public async Task The_SQS_templates_image_sends_back_exactly_the_message_that_failed()
    {
        var (project, publish) = await TemplateProject.PublishedAsync("lambdaslim-sqs", SqsProjectName);
        Assert.True(publish.ExitCode == 0, publish.ToString());
        string batch = Path.Combine(project.Directory, "batch.json");
        File.WriteAllText(batch, """
            {"Records":[
              {"messageId":"good-1","body":"{\"orderId\":\"1\",\"status\":\"paid\"}","eventSource":"aws:sqs","eventSourceARN":"arn:aws:sqs:us-east-1:123456789012:orders"},
              {"messageId":"bad-2","body":"{\"status\":\"paid\"}","eventSource":"aws:sqs","eventSourceARN":"arn:aws:sqs:us-east-1:123456789012:orders"},
              {"messageId":"good-3","body":"{\"orderId\":\"3\",\"status\":\"shipped\"}","eventSource":"aws:sqs","eventSourceARN":"arn:aws:sqs:us-east-1:123456789012:orders"}
            ]}
            """);

        var invoke = await InvokeAsync(project, "x86_64", batch);

        Assert.True(invoke.ExitCode == 0, invoke.ToString());
        Assert.Equal("""{"batchItemFailures":[{"itemIdentifier":"bad-2"}]}""", invoke.StandardOutput.Trim());
        Assert.Contains("Message bad-2 needs an orderId and a status.", invoke.StandardError);
    }

    [Fact]
    public async Task The_webapi_template_passes_its_tests_publishes_without_warnings_and_its_image_answers_an_HTTP_API_event()
    {
        // x86_64 only: one ASP.NET Core NativeAOT build less for CI; WebApiImageTests run the same code on arm64.
        var (project, publish) = await TemplateProject.PublishedAsync("lambdaslim-webapi", "Orders.Web", "-p:LambdaArchitectures=x86_64");
        // A Web project with the SDK release that made it as an additional SDK.
        string projectFile = File.ReadAllText(project.FunctionProject);
        Assert.StartsWith("<Project Sdk=\"Microsoft.NET.Sdk.Web\">", projectFile);
        Assert.Contains($"<Sdk Name=\"LambdaSlim.Sdk\" Version=\"{TestRepo.PackageVersion}\" />", projectFile);

        Assert.True(publish.ExitCode == 0, publish.ToString());
        Assert.DoesNotMatch(@"warning (IL|SYSLIB)\d+", publish.Output);

        var tests = await project.DotNetAsync(project.TestDirectory, "test");
        Assert.True(tests.ExitCode == 0, tests.ToString());
        Assert.Matches(@"Passed!\s+-\s+Failed:\s+0, Passed:\s+[1-9]", tests.Output);

        // The built-in apigw-v2 sample: POST /orders {"item":"coffee","quantity":2,"to":"desk 4"}.
        var invoke = await InvokeAsync(project, "x86_64", "apigw-v2");
        Assert.True(invoke.ExitCode == 0, invoke.ToString());
        using var answer = JsonDocument.Parse(invoke.StandardOutput);
        Assert.Equal(201, answer.RootElement.GetProperty("statusCode").GetInt32());
        Assert.Equal("/orders/1", answer.RootElement.GetProperty("headers").GetProperty("Location").GetString());
        Assert.Equal("""{"id":1,"item":"coffee","quantity":2,"to":"desk 4"}""", answer.RootElement.GetProperty("body").GetString());
    }

    private static void AssertExpectedAnswer(string template, JsonElement answer)
    {
        switch (template)
        {
            case "lambdaslim":
                Assert.Equal("Hello, Ada!", answer.GetProperty("greeting").GetString());
                Assert.False(string.IsNullOrEmpty(answer.GetProperty("requestId").GetString()));
                break;
            case "lambdaslim-http":
                Assert.Equal(201, answer.GetProperty("statusCode").GetInt32());
                Assert.Equal("application/json", answer.GetProperty("headers").GetProperty("content-type").GetString());
                using (var body = JsonDocument.Parse(answer.GetProperty("body").GetString()!))
                {
                    Assert.Equal("coffee", body.RootElement.GetProperty("item").GetString());
                    Assert.Equal(2, body.RootElement.GetProperty("quantity").GetInt32());
                    Assert.Equal("desk 4", body.RootElement.GetProperty("deliverTo").GetString());
                }
                break;
            case "lambdaslim-sqs":
                Assert.Equal("""{"batchItemFailures":[]}""", answer.GetRawText());
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(template), template, null);
        }
    }

    private static Task<ProcessResult> InvokeAsync(TemplateProject project, string architecture, string @event) =>
        ProcessRunner.RunAsync("dotnet", [Lambdaslim, "invoke", project.Image, "--arch", architecture, "--event", @event],
            project.FunctionDirectory,
            new Dictionary<string, string?> { ["LAMBDASLIM_CACHE_DIR"] = Path.Combine(TestRepo.RunDirectory, "lambdaslim-cache") },
            TimeSpan.FromMinutes(3));
}
