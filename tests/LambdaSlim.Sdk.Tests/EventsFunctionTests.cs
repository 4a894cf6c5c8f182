using System.Text;
using System.Text.Json;
using LambdaSlim.Emulator;
using LambdaSlim.Sdk.Tests.Infrastructure;
using LambdaSlim.Tests.Shared;

namespace LambdaSlim.Sdk.Tests;

/// <summary>
/// LambdaSlim.Events under NativeAOT: test-projects/Events (LambdaEvents=true) published with AOT warnings as errors,
/// then every sample document of src/Events/Samples sent through the Runtime API emulator. The function reads each
/// into its model, answers with the model written back and with what the helpers read, and the test compares both.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class EventsFunctionTests(PublishedSamples samples)
{
    // x86_64 only: the models compile to the same code on arm64, and the templates publish both architectures.
    private Task<PublishedSample> EventsFunction => samples.GetAsync("events-aot", "Events",
        "-p:PublishLambdaImage=true", "-p:LambdaArchitectures=x86_64", "-p:LambdaTreatAotWarningsAsErrors=true");

    private static string SamplesDirectory => Path.Combine(TestRepo.Root, "src", "Events", "Samples");

    /// <summary>What the function's helpers must read from each sample (see test-projects/Events/Function.cs).</summary>
    private static readonly Dictionary<string, Dictionary<string, string>> ExpectedFacts = new()
    {
        ["apigw-v1"] = new()
        {
            ["stage"] = "prod", ["contextPath"] = "/prod/orders/1042", ["sourceIp"] = "203.0.113.10", ["x-tag"] = "blue",
            ["x-tag values"] = "red|blue", ["expand"] = "items|customer", ["email claim"] = "ada@example.com", ["body"] = "",
        },
        ["apigw-v2"] = new()
        {
            ["method"] = "POST", ["rawQueryString"] = "expand=items&limit=10", ["cookies"] = "session=3f1a9c",
            ["content-type"] = "application/json", ["item"] = "coffee",
        },
        ["function-url"] = new() { ["body"] = "89504E470D0A1A0A", ["userArn"] = "arn:aws:iam::123456789012:user/ada", ["stage"] = "$default" },
        ["alb"] = new()
        {
            ["cookie values"] = "", ["content-type"] = "application/json", ["body"] = """{"item":"tea","quantity":1}""",
            ["targetGroupArn"] = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders/6d0ecf831eec9f09",
        },
        ["alb-multi"] = new()
        {
            ["cookie values"] = "session=3f1a9c|theme=dark", ["content-type"] = "", ["body"] = "",
            ["targetGroupArn"] = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders/6d0ecf831eec9f09",
        },
        ["sqs"] = new() { ["messages"] = "2", ["signature"] = "DEADBEEF", ["body"] = """{"orderId":"1042","status":"paid"}""" },
        ["sns"] = new() { ["timestamp"] = "2026-11-23T18:30:00.1230000Z", ["weight"] = "2.5" },
        ["s3"] = new() { ["key"] = "photos/2026/cat.jpg", ["size"] = "1024", ["eventTime"] = "2026-11-23T18:30:00.0000000Z" },
        ["eventbridge"] = new() { ["detail-type"] = "OrderPlaced", ["orderId"] = "1042" },
        ["scheduled"] = new() { ["rule"] = "arn:aws:events:us-east-1:123456789012:rule/nightly-report", ["time"] = "2026-11-23T18:30:00.0000000Z" },
        ["dynamodb"] = new()
        {
            ["types"] = "pk:S,sk:N,total:N,paid:BOOL,gift:BOOL,coupon:NULL,thumbnail:B,tags:SS,ratings:NS,checksums:BS,customer:M,items:L",
            ["gift"] = "BOOL=False", ["thumbnail"] = "89504E470D0A1A0A", ["city"] = "Lisbon", ["items"] = "M,S,N,NULL",
            ["created"] = "2026-11-23T18:30:00.0000000Z", ["ttl principal"] = "dynamodb.amazonaws.com",
        },
        ["kinesis"] = new()
        {
            ["data"] = """{"orderId":"1042","status":"paid"}""", ["binary"] = "00010203FF", ["arrival"] = "2026-11-23T18:30:00.9870000Z",
        },
        ["firehose"] = new() { ["data"] = "{\"orderId\":\"1042\",\"total\":38.5}\n", ["arrival"] = "2026-11-23T18:30:00.9870000Z" },
        ["cloudwatch-logs"] = new()
        {
            ["logGroup"] = "/aws/lambda/orders",
            ["messages"] = "ERROR order 1042: payment declined | ERROR order 1043: \"timeout\" calling carrier\tretrying",
        },
    };

    public static TheoryData<string> SampleNames => new(ExpectedFacts.Keys);

    [Fact]
    public void Every_sample_document_is_sent_to_the_function()
    {
        var files = Directory.EnumerateFiles(SamplesDirectory, "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal);

        Assert.Equal(files, ExpectedFacts.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task LambdaSlim_Events_publishes_as_NativeAOT_without_a_single_warning()
    {
        // LambdaTreatAotWarningsAsErrors=true would have failed the shared publish; the log says so too.
        var published = await EventsFunction;

        Assert.DoesNotMatch(@"warning (IL|SYSLIB)\d+", published.Publish.Output);
        Assert.True(File.Exists(published.Workspace.Bootstrap("x86_64")));
    }

    [Theory]
    [MemberData(nameof(SampleNames))]
    public async Task Each_sample_round_trips_under_NativeAOT_and_the_helpers_read_it(string sample)
    {
        string document = File.ReadAllText(Path.Combine(SamplesDirectory, sample + ".json"));

        using JsonDocument answer = await InvokeAsync(sample, document);

        EventJson.AssertSameDocument(document, answer.RootElement.GetProperty("roundTrip").GetRawText());
        var facts = answer.RootElement.GetProperty("facts").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        Assert.Equal(ExpectedFacts[sample].OrderBy(f => f.Key), facts.OrderBy(f => f.Key));
    }

    [Fact]
    public async Task An_SQS_batch_with_one_failing_message_answers_exactly_that_message_id()
    {
        // The sqs sample's second message is a refund, which this handler fails.
        string document = File.ReadAllText(Path.Combine(SamplesDirectory, "sqs.json"));

        using JsonDocument answer = await InvokeAsync("sqs-batch", document);

        Assert.Equal("""{"batchItemFailures":[{"itemIdentifier":"2e1424d4-f796-459a-8184-9c92662be6da"}]}""",
            answer.RootElement.GetProperty("roundTrip").GetRawText());
    }

    [Fact]
    public async Task A_function_without_LambdaEvents_has_nothing_of_it()
    {
        var hello = await samples.HelloDefault;

        string assets = File.ReadAllText(Path.Combine(hello.Workspace.Directory, "obj", "project.assets.json"));
        Assert.DoesNotContain("LambdaSlim.Events", assets, StringComparison.OrdinalIgnoreCase);
        foreach (string architecture in new[] { "x86_64", "arm64" })
        {
            byte[] bootstrap = File.ReadAllBytes(hello.Workspace.Bootstrap(architecture));
            Assert.Equal(-1, bootstrap.AsSpan().IndexOf("LambdaSlim.Events"u8));
        }
        // …while the function that asks for it has the package and its code.
        var events = await EventsFunction;
        Assert.Contains("LambdaSlim.Events/" + TestRepo.PackageVersion,
            File.ReadAllText(Path.Combine(events.Workspace.Directory, "obj", "project.assets.json")));
        Assert.NotEqual(-1, File.ReadAllBytes(events.Workspace.Bootstrap("x86_64")).AsSpan().IndexOf("LambdaSlim.Events"u8));
    }

    private async Task<JsonDocument> InvokeAsync(string sample, string document)
    {
        var published = await EventsFunction;
        var output = new List<string>();
        var emulator = FunctionInvoker.Start(published.Workspace.Bootstrap("x86_64"), "x86_64", output: output);
        try
        {
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var result = await emulator.InvokeAsync(Encoding.UTF8.GetBytes(document),
                new InvokeOptions { ClientContext = $$$"""{"custom":{"event":"{{{sample}}}"}}""" }, bound.Token);
            Assert.True(result.Status == InvocationStatus.Success, $"{result.Status} {result.ErrorDocumentText}\n{string.Join('\n', output)}");
            return JsonDocument.Parse(result.PayloadText);
        }
        finally
        {
            await Task.WhenAny(emulator.DisposeAsync().AsTask(), Task.Delay(TimeSpan.FromSeconds(30)));
        }
    }
}
