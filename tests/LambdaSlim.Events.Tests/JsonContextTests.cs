using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using LambdaSlim.Events.Tests.Support;

namespace LambdaSlim.Events.Tests;

/// <summary>The public JSON context chained with a user's own, and events typed in a user's context.</summary>
public sealed class JsonContextTests
{
    [Fact]
    public void Chained_with_a_users_context_both_contexts_types_serialise_without_reflection()
    {
        var options = new JsonSerializerOptions
        {
            TypeInfoResolver = JsonTypeInfoResolver.Combine(TestJsonContext.Default, LambdaEventsJsonContext.Default),
        };
        // Reflection-based serialisation is off here as it is under NativeAOT: a type neither context knows fails.
        Assert.False(JsonSerializer.IsReflectionEnabledByDefault && options.TypeInfoResolver is DefaultJsonTypeInfoResolver);

        var batch = (SQSEvent)JsonSerializer.Deserialize(Samples.Read("sqs"), typeof(SQSEvent), options)!;
        string answer = JsonSerializer.Serialize(new Dictionary<string, string> { ["first"] = batch.Records![0].MessageId! }, options);

        Assert.Equal("""{"first":"19dd0b57-b21e-4ac1-bd88-01bbb068cb78"}""", answer);
        Assert.Throws<NotSupportedException>(() => JsonSerializer.Serialize(new Uri("https://example.com"), options));
    }

    [Fact]
    public void An_EventBridge_event_with_a_typed_detail_reads_through_the_users_context()
    {
        var order = JsonSerializer.Deserialize(Samples.Read("eventbridge"), TestJsonContext.Default.CloudWatchEventOrderPlaced)!;

        Assert.Equal("OrderPlaced", order.DetailType);
        Assert.Equal("com.example.orders", order.Source);
        Assert.Equal(new DateTime(2026, 11, 23, 18, 30, 0, DateTimeKind.Utc), order.Time.ToUniversalTime());
        Assert.Equal("1042", order.Detail!.OrderId);
        Assert.Equal(38.5m, order.Detail.Total);
        Assert.Equal(["coffee-1kg", "mug"], order.Detail.Items!.Select(i => i.Sku));
    }

    [Fact]
    public void A_users_context_that_holds_an_event_of_ours_uses_our_converters()
    {
        string json = "{\"received\":" + Samples.Read("sqs") + "}";

        var envelope = JsonSerializer.Deserialize(json, TestJsonContext.Default.Envelope)!;

        Assert.Equal(new byte[] { 0xde, 0xad, 0xbe, 0xef }, envelope.Received!.Records![0].MessageAttributes!["signature"].BinaryValue!.ToArray());
        Assert.Contains("\"binaryValue\":\"3q2+7w==\"", JsonSerializer.Serialize(envelope, TestJsonContext.Default.Envelope));
    }

    [Fact]
    public void A_schedule_rule_event_reads_as_a_ScheduledEvent()
    {
        var scheduled = JsonSerializer.Deserialize(Samples.Read("scheduled"), LambdaEventsJsonContext.Default.ScheduledEvent)!;

        Assert.Equal("Scheduled Event", scheduled.DetailType);
        Assert.Equal("aws.events", scheduled.Source);
        Assert.Equal(["arn:aws:events:us-east-1:123456789012:rule/nightly-report"], scheduled.Resources);
        Assert.NotNull(scheduled.Detail);
    }
}
