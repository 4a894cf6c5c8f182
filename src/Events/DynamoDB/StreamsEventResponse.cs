using System.Text.Json.Serialization;

namespace LambdaSlim.Events;

/// <summary>
/// The answer of a Kinesis or DynamoDB Streams function that reports partial batch failures
/// (<c>ReportBatchItemFailures</c>): the sequence number of the first record that failed; Lambda retries the batch
/// from there. An empty list means all succeeded.
/// </summary>
public class StreamsEventResponse
{
    [JsonPropertyName("batchItemFailures")] public IList<BatchItemFailure>? BatchItemFailures { get; set; }

    /// <summary>A record that failed.</summary>
    public class BatchItemFailure
    {
        /// <summary>The failed record's sequence number.</summary>
        [JsonPropertyName("itemIdentifier")] public string? ItemIdentifier { get; set; }
    }
}
