// An SQS function with partial batch failures: each message is handled on its own, and only the messages whose
// handler throws go back to the queue (the answer lists their ids). Turn it on in the event source mapping:
//   aws lambda create-event-source-mapping ... --function-response-types ReportBatchItemFailures
// A message here is an order update, {"orderId":"1042","status":"paid"}; anything else fails that message alone.
using System.Text.Json;
using System.Text.Json.Serialization;
using LambdaSlim.Events;
using LambdaSlim.Runtime;

namespace LambdaSlimFunction;

public static class Function
{
    public static Task Main() => SQSBatchHandler.RunAsync(HandleMessageAsync);

    public static Task HandleMessageAsync(SQSEvent.SQSMessage message, ILambdaContext context)
    {
        OrderUpdate update = JsonSerializer.Deserialize(message.Body ?? "", AppJsonContext.Default.OrderUpdate)
            ?? throw new InvalidDataException($"Message {message.MessageId} is empty.");
        if (string.IsNullOrWhiteSpace(update.OrderId) || string.IsNullOrWhiteSpace(update.Status))
        {
            throw new InvalidDataException($"Message {message.MessageId} needs an orderId and a status.");
        }
        context.Logger.LogInformation($"Order {update.OrderId} is now {update.Status}");
        return Task.CompletedTask;
    }
}

public sealed record OrderUpdate(string? OrderId, string? Status);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(OrderUpdate))]
public sealed partial class AppJsonContext : JsonSerializerContext;
