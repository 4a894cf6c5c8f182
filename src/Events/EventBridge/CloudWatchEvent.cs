using System.Text.Json.Serialization;

namespace LambdaSlim.Events;

/// <summary>
/// An EventBridge (formerly CloudWatch Events) event: the common envelope with a <see cref="Detail"/> whose shape
/// depends on <see cref="Source"/> and <see cref="DetailType"/>. Put <c>CloudWatchEvent&lt;YourDetail&gt;</c> in your
/// own <c>JsonSerializerContext</c> to read a typed detail; <c>CloudWatchEvent&lt;JsonElement&gt;</c> (in
/// LambdaEventsJsonContext) reads any.
/// </summary>
public class CloudWatchEvent<T>
{
    /// <summary><c>0</c> in every event so far.</summary>
    [JsonPropertyName("version")] public string? Version { get; set; }

    [JsonPropertyName("id")] public string? Id { get; set; }

    /// <summary>What happened, e.g. <c>Scheduled Event</c>, <c>Object Created</c>, <c>OrderPlaced</c>.</summary>
    [JsonPropertyName("detail-type")] public string? DetailType { get; set; }

    /// <summary>Who sent it, e.g. <c>aws.events</c>, <c>aws.s3</c>, <c>com.example.orders</c>.</summary>
    [JsonPropertyName("source")] public string? Source { get; set; }

    [JsonPropertyName("account")] public string? Account { get; set; }

    [JsonPropertyName("time")] public DateTime Time { get; set; }

    [JsonPropertyName("region")] public string? Region { get; set; }

    /// <summary>ARNs of the resources involved.</summary>
    [JsonPropertyName("resources")] public List<string>? Resources { get; set; }

    [JsonPropertyName("detail")] public T? Detail { get; set; }
}
