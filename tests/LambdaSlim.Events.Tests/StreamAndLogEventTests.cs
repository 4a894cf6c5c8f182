using System.IO.Compression;
using System.Text;
using System.Text.Json;
using LambdaSlim.Events.Tests.Support;

namespace LambdaSlim.Events.Tests;

/// <summary>The base64, gzip and epoch-time parts of the Kinesis, Firehose, CloudWatch Logs, SQS and SNS events.</summary>
public sealed class StreamAndLogEventTests
{
    private static T Sample<T>(string name, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        JsonSerializer.Deserialize(Samples.Read(name), type)!;

    [Fact]
    public void Kinesis_data_is_decoded_and_the_arrival_time_keeps_its_milliseconds_exactly()
    {
        var records = Sample("kinesis", LambdaEventsJsonContext.Default.KinesisEvent).Records!;

        Assert.Equal("""{"orderId":"1042","status":"paid"}""", Encoding.UTF8.GetString(records[0].Kinesis!.Data!.ToArray()));
        Assert.Equal(new byte[] { 0, 1, 2, 3, 0xff }, records[1].Kinesis!.Data!.ToArray());
        Assert.Equal(new DateTime(2026, 11, 23, 18, 30, 0, 987, DateTimeKind.Utc), records[0].Kinesis!.ApproximateArrivalTimestamp);
        Assert.Equal(new DateTime(2026, 11, 23, 18, 30, 1, 500, DateTimeKind.Utc), records[1].Kinesis!.ApproximateArrivalTimestamp);
    }

    [Fact]
    public void Firehose_data_and_arrival_time_are_decoded_and_a_response_encodes()
    {
        var record = Sample("firehose", LambdaEventsJsonContext.Default.KinesisFirehoseEvent).Records![0];
        var transformed = new KinesisFirehoseResponse.FirehoseRecord { RecordId = record.RecordId, Result = KinesisFirehoseResponse.TRANSFORMED_STATE_OK };
        transformed.EncodeData(record.DecodeData().ToUpperInvariant());

        Assert.Equal("{\"orderId\":\"1042\",\"total\":38.5}\n", record.DecodeData());
        Assert.Equal(new DateTime(2026, 11, 23, 18, 30, 0, 987, DateTimeKind.Utc), record.ApproximateArrivalTimestamp);
        Assert.Equal("shardId-000000000000", record.KinesisRecordMetadata!.ShardId);
        Assert.Equal("{\"ORDERID\":\"1042\",\"TOTAL\":38.5}\n", Encoding.UTF8.GetString(Convert.FromBase64String(transformed.Base64EncodedData!)));
    }

    [Fact]
    public void The_CloudWatch_Logs_payload_is_decoded_from_gzip_and_base64()
    {
        var logs = Sample("cloudwatch-logs", LambdaEventsJsonContext.Default.CloudWatchLogsEvent).Awslogs!;

        CloudWatchLogsData data = logs.DecodeLogs();

        Assert.Equal("DATA_MESSAGE", data.MessageType);
        Assert.Equal("/aws/lambda/orders", data.LogGroup);
        Assert.Equal(["errors-to-alerts"], data.SubscriptionFilters);
        Assert.Equal(["ERROR order 1042: payment declined", "ERROR order 1043: \"timeout\" calling carrier\tretrying"],
            data.LogEvents!.Select(e => e.Message));
        Assert.Equal(1795458600500, data.LogEvents![1].Timestamp);
        Assert.StartsWith("{\"messageType\":\"DATA_MESSAGE\"", logs.DecodeData());
    }

    [Fact]
    public void A_CloudWatch_Logs_payload_that_is_not_gzip_fails_with_LSLIM6002()
    {
        var logs = new CloudWatchLogsEvent.Log { EncodedData = Convert.ToBase64String("{\"messageType\":\"DATA_MESSAGE\"}"u8) };

        var error = Assert.Throws<InvalidDataException>(() => logs.DecodeLogs());

        Assert.StartsWith("LSLIM6002:", error.Message);
        Assert.Contains("gzip", error.Message);
    }

    [Fact]
    public void A_gzip_CloudWatch_Logs_payload_that_is_not_a_log_message_fails_with_LSLIM6002()
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write("[1,2,3]"u8);
        }
        var logs = new CloudWatchLogsEvent.Log { EncodedData = Convert.ToBase64String(compressed.ToArray()) };

        var error = Assert.Throws<InvalidDataException>(() => logs.DecodeLogs());

        Assert.StartsWith("LSLIM6002:", error.Message);
    }

    [Fact]
    public void SQS_binary_attributes_and_SNS_times_are_read()
    {
        var message = Sample("sqs", LambdaEventsJsonContext.Default.SQSEvent).Records![0];
        var sns = Sample("sns", LambdaEventsJsonContext.Default.SNSEvent).Records![0].Sns!;

        Assert.Equal(new byte[] { 0xde, 0xad, 0xbe, 0xef }, message.MessageAttributes!["signature"].BinaryValue!.ToArray());
        Assert.Equal("checkout", message.MessageAttributes["source"].StringValue);
        Assert.Equal("Root=1-6741c2a8-2c3d4e5f6a7b8c9d0e1f2a3b;Parent=5e6f7a8b9c0d1e2f;Sampled=1", message.Attributes!["AWSTraceHeader"]);
        Assert.Equal(new DateTime(2026, 11, 23, 18, 30, 0, 123, DateTimeKind.Utc), sns.Timestamp.ToUniversalTime());
        Assert.Equal("2.5", sns.MessageAttributes!["weight"].Value);
    }

    [Theory]
    [InlineData("1545084650.987", "2018-12-17T22:10:50.9870000Z")]
    [InlineData("\"1545084650\"", "2018-12-17T22:10:50.0000000Z")]
    [InlineData("0", "1970-01-01T00:00:00.0000000Z")]
    public void Epoch_seconds_are_read_exactly(string json, string expected)
    {
        var record = JsonSerializer.Deserialize("{\"approximateArrivalTimestamp\":" + json + "}", LambdaEventsJsonContext.Default.Record)!;

        Assert.Equal(expected, record.ApproximateArrivalTimestamp.ToString("O"));
    }

    [Theory]
    [InlineData("true")]
    [InlineData("\"soon\"")]
    [InlineData("-1")]
    [InlineData("1e20")]
    public void A_time_that_is_not_epoch_seconds_fails_with_LSLIM6004(string json)
    {
        var error = Assert.Throws<JsonException>(() =>
            JsonSerializer.Deserialize("{\"approximateArrivalTimestamp\":" + json + "}", LambdaEventsJsonContext.Default.Record));

        Assert.StartsWith("LSLIM6004:", error.Message);
    }

    [Fact]
    public void Times_and_binary_data_are_written_back_as_the_event_has_them()
    {
        var data = new MemoryStream();
        data.Write([1, 2, 3]); // the stream's position is at its end: the bytes are written all the same
        var record = new KinesisEvent.Record
        {
            Data = data,
            ApproximateArrivalTimestamp = new DateTime(2026, 11, 23, 18, 30, 0, 987, DateTimeKind.Utc),
        };

        string json = JsonSerializer.Serialize(record, LambdaEventsJsonContext.Default.Record);

        Assert.Equal("""{"data":"AQID","approximateArrivalTimestamp":1795458600.987}""", json);
    }

    [Fact]
    public void A_binary_field_that_is_not_base64_fails_with_LSLIM6001()
    {
        var error = Assert.Throws<JsonException>(() =>
            JsonSerializer.Deserialize("""{"data":"not base64!"}""", LambdaEventsJsonContext.Default.Record));

        Assert.StartsWith("LSLIM6001:", error.Message);
    }
}
