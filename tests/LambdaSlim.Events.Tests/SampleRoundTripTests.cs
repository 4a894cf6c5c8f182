using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using LambdaSlim.Events.Tests.Support;
using LambdaSlim.Tests.Shared;

namespace LambdaSlim.Events.Tests;

/// <summary>Every sample document reads into its model and writes back as the same document.</summary>
public sealed class SampleRoundTripTests
{
    /// <summary>Which model reads which sample; a sample missing here fails <see cref="Every_sample_has_a_model"/>.</summary>
    private static readonly Dictionary<string, Func<string, string>> RoundTrips = new()
    {
        ["apigw-v1"] = json => RoundTrip(json, LambdaEventsJsonContext.Default.APIGatewayProxyRequest),
        ["apigw-v2"] = json => RoundTrip(json, LambdaEventsJsonContext.Default.APIGatewayHttpApiV2ProxyRequest),
        ["function-url"] = json => RoundTrip(json, LambdaEventsJsonContext.Default.APIGatewayHttpApiV2ProxyRequest),
        ["alb"] = json => RoundTrip(json, LambdaEventsJsonContext.Default.ApplicationLoadBalancerRequest),
        ["alb-multi"] = json => RoundTrip(json, LambdaEventsJsonContext.Default.ApplicationLoadBalancerRequest),
        ["sqs"] = json => RoundTrip(json, LambdaEventsJsonContext.Default.SQSEvent),
        ["sns"] = json => RoundTrip(json, LambdaEventsJsonContext.Default.SNSEvent),
        ["s3"] = json => RoundTrip(json, LambdaEventsJsonContext.Default.S3Event),
        ["eventbridge"] = json => RoundTrip(json, LambdaEventsJsonContext.Default.CloudWatchEventJsonElement),
        ["scheduled"] = json => RoundTrip(json, LambdaEventsJsonContext.Default.ScheduledEvent),
        ["dynamodb"] = json => RoundTrip(json, LambdaEventsJsonContext.Default.DynamoDBEvent),
        ["kinesis"] = json => RoundTrip(json, LambdaEventsJsonContext.Default.KinesisEvent),
        ["firehose"] = json => RoundTrip(json, LambdaEventsJsonContext.Default.KinesisFirehoseEvent),
        ["cloudwatch-logs"] = json => RoundTrip(json, LambdaEventsJsonContext.Default.CloudWatchLogsEvent),
    };

    public static TheoryData<string> SampleNames => new(Samples.Names);

    [Fact]
    public void Every_sample_has_a_model()
    {
        Assert.Equal(RoundTrips.Keys.Order(StringComparer.Ordinal), Samples.Names);
    }

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void The_sample_reads_and_writes_back_as_the_same_document(string sample)
    {
        string json = Samples.Read(sample);

        string written = RoundTrips[sample](json);

        EventJson.AssertSameDocument(json, written);
    }

    [Fact]
    public void The_comparison_fails_when_a_member_is_lost()
    {
        // The round-trip check is only worth something if it notices a dropped or changed member.
        string json = Samples.Read("sqs");
        string withoutRegion = json.Replace("\"awsRegion\": \"us-east-1\"", "\"awsRegion\": null");

        Assert.ThrowsAny<Exception>(() => EventJson.AssertSameDocument(json, withoutRegion));
        Assert.ThrowsAny<Exception>(() => EventJson.AssertSameDocument(json, json.Replace("orders", "order")));
    }

    private static string RoundTrip<T>(string json, JsonTypeInfo<T> type) =>
        JsonSerializer.Serialize(JsonSerializer.Deserialize(json, type)!, type);
}
