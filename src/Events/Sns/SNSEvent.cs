using System.Text.Json.Serialization;

namespace LambdaSlim.Events;

/// <summary>Messages delivered by an SNS topic subscription (the event's own keys are capitalised).</summary>
public class SNSEvent
{
    [JsonPropertyName("Records")] public IList<SNSRecord>? Records { get; set; }

    /// <summary>One delivery.</summary>
    public class SNSRecord
    {
        /// <summary><c>aws:sns</c>.</summary>
        [JsonPropertyName("EventSource")] public string? EventSource { get; set; }
        [JsonPropertyName("EventSubscriptionArn")] public string? EventSubscriptionArn { get; set; }
        [JsonPropertyName("EventVersion")] public string? EventVersion { get; set; }
        [JsonPropertyName("Sns")] public SNSMessage? Sns { get; set; }
    }

    /// <summary>The notification.</summary>
    public class SNSMessage
    {
        [JsonPropertyName("Message")] public string? Message { get; set; }
        [JsonPropertyName("MessageAttributes")] public IDictionary<string, MessageAttribute>? MessageAttributes { get; set; }
        [JsonPropertyName("MessageId")] public string? MessageId { get; set; }
        [JsonPropertyName("Signature")] public string? Signature { get; set; }
        [JsonPropertyName("SignatureVersion")] public string? SignatureVersion { get; set; }
        [JsonPropertyName("SigningCertUrl")] public string? SigningCertUrl { get; set; }
        [JsonPropertyName("Subject")] public string? Subject { get; set; }
        [JsonPropertyName("Timestamp")] public DateTime Timestamp { get; set; }
        [JsonPropertyName("TopicArn")] public string? TopicArn { get; set; }

        /// <summary><c>Notification</c>.</summary>
        [JsonPropertyName("Type")] public string? Type { get; set; }

        [JsonPropertyName("UnsubscribeUrl")] public string? UnsubscribeUrl { get; set; }
    }

    /// <summary>A message attribute (<c>String</c>, <c>String.Array</c>, <c>Number</c> or <c>Binary</c> as base64).</summary>
    public class MessageAttribute
    {
        [JsonPropertyName("Type")] public string? Type { get; set; }
        [JsonPropertyName("Value")] public string? Value { get; set; }
    }
}
