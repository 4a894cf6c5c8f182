using System.Text.Json;
using System.Text.Json.Serialization;

namespace LambdaSlim.Events.Tests.Support;

/// <summary>A user's own context, as a function has one: its types plus, for some tests, events of LambdaSlim.Events.</summary>
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(CloudWatchEvent<OrderPlaced>))]
[JsonSerializable(typeof(Envelope))]
internal sealed partial class TestJsonContext : JsonSerializerContext;

/// <summary>The detail of the eventbridge sample, typed.</summary>
public sealed class OrderPlaced
{
    [JsonPropertyName("orderId")] public string? OrderId { get; set; }
    [JsonPropertyName("total")] public decimal Total { get; set; }
    [JsonPropertyName("gift")] public bool Gift { get; set; }
    [JsonPropertyName("items")] public List<OrderItem>? Items { get; set; }
}

public sealed class OrderItem
{
    [JsonPropertyName("sku")] public string? Sku { get; set; }
    [JsonPropertyName("quantity")] public int Quantity { get; set; }
}

/// <summary>A user's type that holds an event of ours, so the user's context must describe it.</summary>
public sealed class Envelope
{
    [JsonPropertyName("received")] public SQSEvent? Received { get; set; }
}
