using System.Text;
using System.Text.Json.Serialization;
using LambdaSlim.Events.Serialization;

namespace LambdaSlim.Events;

/// <summary>Records Amazon Data Firehose asks the function to transform.</summary>
public class KinesisFirehoseEvent
{
    [JsonPropertyName("invocationId")] public string? InvocationId { get; set; }
    [JsonPropertyName("deliveryStreamArn")] public string? DeliveryStreamArn { get; set; }

    /// <summary>Set when the delivery stream reads from a Kinesis data stream.</summary>
    [JsonPropertyName("sourceKinesisStreamArn")] public string? SourceKinesisStreamArn { get; set; }

    [JsonPropertyName("region")] public string? Region { get; set; }
    [JsonPropertyName("records")] public IList<FirehoseRecord>? Records { get; set; }

    /// <summary>One record to transform; the answer must carry the same <see cref="RecordId"/>.</summary>
    public class FirehoseRecord
    {
        [JsonPropertyName("recordId")] public string? RecordId { get; set; }

        /// <summary>When Firehose received the record, Unix milliseconds.</summary>
        [JsonPropertyName("approximateArrivalTimestamp")] public long ApproximateArrivalEpoch { get; set; }

        /// <summary><see cref="ApproximateArrivalEpoch"/> as a UTC time.</summary>
        [JsonIgnore] public DateTime ApproximateArrivalTimestamp => DateTime.UnixEpoch.AddMilliseconds(ApproximateArrivalEpoch);

        /// <summary>The record's bytes, base64 as Firehose sends them; <see cref="DecodeData"/> reads them.</summary>
        [JsonPropertyName("data")] public string? Base64EncodedData { get; set; }

        /// <summary>Shard, partition key and sequence number when the source is a Kinesis data stream.</summary>
        [JsonPropertyName("kinesisRecordMetadata")] public KinesisRecordMetadata? KinesisRecordMetadata { get; set; }

        /// <summary>The data as UTF-8 text.</summary>
        public string DecodeData() => Encoding.UTF8.GetString(DecodeDataBytes());

        /// <summary>The data's bytes.</summary>
        public byte[] DecodeDataBytes() => Base64Text.Decode(Base64EncodedData, "Firehose record data");
    }

    /// <summary>Where a record sat in its Kinesis data stream.</summary>
    public class KinesisRecordMetadata
    {
        [JsonPropertyName("shardId")] public string? ShardId { get; set; }
        [JsonPropertyName("partitionKey")] public string? PartitionKey { get; set; }

        /// <summary>Unix milliseconds.</summary>
        [JsonPropertyName("approximateArrivalTimestamp")] public long ApproximateArrivalTimestamp { get; set; }

        [JsonPropertyName("sequenceNumber")] public string? SequenceNumber { get; set; }
        [JsonPropertyName("subsequenceNumber")] public long SubsequenceNumber { get; set; }
    }
}
