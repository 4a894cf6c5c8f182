// A function as most Lambda functions are written: it reads an item from DynamoDB with the AWS SDK for .NET (a
// signed call over HTTPS), asks a price service over HTTPS and a stock service over plain HTTP with HttpClient, and
// answers with what the three said. Endpoints come from the environment, as in any real deployment:
// AWS_ENDPOINT_URL_DYNAMODB (the SDK's own variable; unset means the region's endpoint), PRICES_URL and STOCK_URL.
using System.Text.Json.Serialization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using LambdaSlim.Runtime;

// Clients are made once, during init: Lambda may run init before any request waits for it.
var dynamo = new AmazonDynamoDBClient();
var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
var table = Environment.GetEnvironmentVariable("TABLE_NAME") ?? "inventory";

await LambdaRuntime.RunAsync(async (ItemRequest request, ILambdaContext context) =>
{
    var item = await dynamo.GetItemAsync(new GetItemRequest
    {
        TableName = table,
        Key = new Dictionary<string, AttributeValue> { ["sku"] = new AttributeValue { S = request.Sku } },
    });
    if (item.Item is null || item.Item.Count == 0)
    {
        throw new KeyNotFoundException($"No item '{request.Sku}' in table '{table}'.");
    }

    var price = await http.GetStringAsync($"{Environment.GetEnvironmentVariable("PRICES_URL")}/prices/{Uri.EscapeDataString(request.Sku)}");
    var stock = await http.GetStringAsync($"{Environment.GetEnvironmentVariable("STOCK_URL")}/stock/{Uri.EscapeDataString(request.Sku)}");

    return new ItemAnswer(request.Sku, item.Item["name"].S, int.Parse(item.Item["shelf"].N), price.Trim(), int.Parse(stock.Trim()), context.AwsRequestId);
}, InventoryJson.Default.ItemRequest, InventoryJson.Default.ItemAnswer);

internal sealed record ItemRequest(string Sku);

internal sealed record ItemAnswer(string Sku, string Name, int Shelf, string Price, int Stock, string RequestId);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ItemRequest))]
[JsonSerializable(typeof(ItemAnswer))]
internal sealed partial class InventoryJson : JsonSerializerContext;
