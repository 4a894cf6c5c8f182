using System.Text;
using System.Text.Json.Serialization;

namespace LambdaSlim.Events;

/// <summary>The transformed records, one per record of the <see cref="KinesisFirehoseEvent"/>, with the same ids.</summary>
public class KinesisFirehoseResponse
{
    /// <summary>The record was transformed.</summary>
    public const string TRANSFORMED_STATE_OK = "Ok";

    /// <summary>The record was dropped on purpose.</summary>
    public const string TRANSFORMED_STATE_DROPPED = "Dropped";

    /// <summary>The record could not be transformed (Firehose sends it to the error output).</summary>
    public const string TRANSFORMED_STATE_PROCESSINGFAILED = "ProcessingFailed";

    [JsonPropertyName("records")] public IList<FirehoseRecord>? Records { get; set; }

    /// <summary>One transformed record.</summary>
    public class FirehoseRecord
    {
        [JsonPropertyName("recordId")] public string? RecordId { get; set; }

        /// <summary><c>Ok</c>, <c>Dropped</c> or <c>ProcessingFailed</c>.</summary>
        [JsonPropertyName("result")] public string? Result { get; set; }

        /// <summary>The transformed bytes, base64 (see <see cref="EncodeData(string)"/>).</summary>
        [JsonPropertyName("data")] public string? Base64EncodedData { get; set; }

        /// <summary>Dynamic partitioning keys.</summary>
        [JsonPropertyName("metadata")] public FirehoseResponseRecordMetadata? Metadata { get; set; }

        /// <summary>Sets the data to this text, UTF-8 and base64-encoded.</summary>
        public void EncodeData(string data) => Base64EncodedData = Convert.ToBase64String(Encoding.UTF8.GetBytes(data));

        /// <summary>Sets the data to these bytes, base64-encoded.</summary>
        public void EncodeData(ReadOnlySpan<byte> data) => Base64EncodedData = Convert.ToBase64String(data);
    }

    /// <summary>Metadata of a transformed record.</summary>
    public class FirehoseResponseRecordMetadata
    {
        [JsonPropertyName("partitionKeys")] public Dictionary<string, string>? PartitionKeys { get; set; }
    }
}
