using System.Text.Json.Serialization;
using LambdaSlim.Events.Serialization;

namespace LambdaSlim.Events;

/// <summary>A batch of messages from an SQS queue (standard or FIFO).</summary>
public class SQSEvent
{
    [JsonPropertyName("Records")] public List<SQSMessage>? Records { get; set; }

    /// <summary>One message.</summary>
    public class SQSMessage
    {
        [JsonPropertyName("messageId")] public string? MessageId { get; set; }
        [JsonPropertyName("receiptHandle")] public string? ReceiptHandle { get; set; }
        [JsonPropertyName("body")] public string? Body { get; set; }
        [JsonPropertyName("md5OfBody")] public string? Md5OfBody { get; set; }
        [JsonPropertyName("md5OfMessageAttributes")] public string? Md5OfMessageAttributes { get; set; }

        /// <summary>The queue's ARN; a FIFO queue's name ends in <c>.fifo</c>.</summary>
        [JsonPropertyName("eventSourceARN")] public string? EventSourceArn { get; set; }

        /// <summary><c>aws:sqs</c>.</summary>
        [JsonPropertyName("eventSource")] public string? EventSource { get; set; }

        [JsonPropertyName("awsRegion")] public string? AwsRegion { get; set; }

        /// <summary>System attributes: ApproximateReceiveCount, SentTimestamp, SenderId, MessageGroupId, AWSTraceHeader…</summary>
        [JsonPropertyName("attributes")] public Dictionary<string, string>? Attributes { get; set; }

        /// <summary>The sender's message attributes.</summary>
        [JsonPropertyName("messageAttributes")] public Dictionary<string, MessageAttribute>? MessageAttributes { get; set; }
    }

    /// <summary>A message attribute: a String or Number in <see cref="StringValue"/>, a Binary in <see cref="BinaryValue"/>.</summary>
    public class MessageAttribute
    {
        [JsonPropertyName("stringValue")] public string? StringValue { get; set; }

        /// <summary>A Binary attribute's bytes (base64 in the event).</summary>
        [JsonPropertyName("binaryValue"), JsonConverter(typeof(Base64MemoryStreamConverter))]
        public MemoryStream? BinaryValue { get; set; }

        [JsonPropertyName("stringListValues")] public List<string>? StringListValues { get; set; }

        [JsonPropertyName("binaryListValues"), JsonConverter(typeof(Base64MemoryStreamListConverter))]
        public List<MemoryStream>? BinaryListValues { get; set; }

        /// <summary><c>String</c>, <c>Number</c> or <c>Binary</c>, optionally with a custom suffix (<c>Number.int</c>).</summary>
        [JsonPropertyName("dataType")] public string? DataType { get; set; }
    }
}
