using System.Text.Json.Serialization;
using LambdaSlim.Events.Serialization;

namespace LambdaSlim.Events;

/// <summary>A batch of records from a Kinesis data stream.</summary>
public class KinesisEvent
{
    [JsonPropertyName("Records")] public IList<KinesisEventRecord>? Records { get; set; }

    /// <summary>One record with where it came from.</summary>
    public class KinesisEventRecord
    {
        [JsonPropertyName("kinesis")] public Record? Kinesis { get; set; }

        /// <summary><c>aws:kinesis</c>.</summary>
        [JsonPropertyName("eventSource")] public string? EventSource { get; set; }

        [JsonPropertyName("eventVersion")] public string? EventVersion { get; set; }

        /// <summary><c>shardId-…:sequenceNumber</c>.</summary>
        [JsonPropertyName("eventID")] public string? EventId { get; set; }

        /// <summary><c>aws:kinesis:record</c>.</summary>
        [JsonPropertyName("eventName")] public string? EventName { get; set; }

        [JsonPropertyName("invokeIdentityArn")] public string? InvokeIdentityArn { get; set; }
        [JsonPropertyName("awsRegion")] public string? AwsRegion { get; set; }
        [JsonPropertyName("eventSourceARN")] public string? EventSourceARN { get; set; }
    }

    /// <summary>The Kinesis record itself.</summary>
    public class Record
    {
        [JsonPropertyName("kinesisSchemaVersion")] public string? KinesisSchemaVersion { get; set; }
        [JsonPropertyName("partitionKey")] public string? PartitionKey { get; set; }

        /// <summary>The position in the shard; what a partial batch failure reports.</summary>
        [JsonPropertyName("sequenceNumber")] public string? SequenceNumber { get; set; }

        /// <summary>The producer's bytes (base64 in the event).</summary>
        [JsonPropertyName("data"), JsonConverter(typeof(Base64MemoryStreamConverter))]
        public MemoryStream? Data { get; set; }

        /// <summary>When the stream accepted the record (Unix seconds with milliseconds in the event), UTC.</summary>
        [JsonPropertyName("approximateArrivalTimestamp"), JsonConverter(typeof(EpochSecondsDateTimeConverter))]
        public DateTime ApproximateArrivalTimestamp { get; set; }

        /// <summary><c>NONE</c> or <c>KMS</c>.</summary>
        [JsonPropertyName("encryptionType")] public string? EncryptionType { get; set; }
    }
}
