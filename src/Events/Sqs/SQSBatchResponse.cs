using System.Text.Json.Serialization;

namespace LambdaSlim.Events;

/// <summary>
/// The answer of an SQS function that reports partial batch failures (the event source mapping must have
/// <c>ReportBatchItemFailures</c>): only the listed messages return to the queue; an empty list means all succeeded.
/// </summary>
public class SQSBatchResponse
{
    public SQSBatchResponse() : this([]) { }

    public SQSBatchResponse(List<BatchItemFailure> batchItemFailures) => BatchItemFailures = batchItemFailures;

    [JsonPropertyName("batchItemFailures")] public List<BatchItemFailure> BatchItemFailures { get; set; }

    /// <summary>A message that failed.</summary>
    public class BatchItemFailure
    {
        /// <summary>The failed message's id.</summary>
        [JsonPropertyName("itemIdentifier")] public string? ItemIdentifier { get; set; }
    }
}
