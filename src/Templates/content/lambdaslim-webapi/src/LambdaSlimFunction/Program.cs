using System.Collections.Concurrent;
using System.Text.Json.Serialization;
using LambdaSlim.AspNetCore;
using LambdaSlimFunction;

var builder = WebApplication.CreateSlimBuilder(args);
// NativeAOT: JSON through a source-generated context, no reflection.
builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, AppJsonContext.Default));
builder.Services.AddSingleton<OrderBook>();
// In Lambda: requests come from API Gateway / function URL / ALB events instead of Kestrel. Elsewhere: nothing changes.
builder.Services.AddLambdaSlimHosting();

var app = builder.Build();

app.MapGet("/hello/{name}", (string name) => $"Hello, {name}!");

app.MapPost("/orders", (NewOrder order, OrderBook orders) =>
{
    if (string.IsNullOrWhiteSpace(order.Item) || order.Quantity < 1)
    {
        return Results.BadRequest(new Problem("An order needs an item and a quantity of at least 1."));
    }
    Order placed = orders.Add(order);
    return Results.Created($"/orders/{placed.Id}", placed);
});

app.MapGet("/orders/{id:int}", (int id, OrderBook orders) => orders.Find(id) is { } order ? Results.Ok(order) : Results.NotFound());

app.Run();

namespace LambdaSlimFunction
{
    public sealed record NewOrder(string? Item, int Quantity, string? To);

    public sealed record Order(int Id, string Item, int Quantity, string? To);

    public sealed record Problem(string Error);

    /// <summary>Orders in memory (a real app keeps them in a database): one instance per process, shared by requests.</summary>
    public sealed class OrderBook
    {
        private readonly ConcurrentDictionary<int, Order> _orders = new();
        private int _lastId;

        public Order Add(NewOrder order)
        {
            var placed = new Order(Interlocked.Increment(ref _lastId), order.Item!, order.Quantity, order.To);
            _orders[placed.Id] = placed;
            return placed;
        }

        public Order? Find(int id) => _orders.GetValueOrDefault(id);
    }

    [JsonSerializable(typeof(NewOrder))]
    [JsonSerializable(typeof(Order))]
    [JsonSerializable(typeof(Problem))]
    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
    internal sealed partial class AppJsonContext : JsonSerializerContext;
}

/// <summary>Public, for the tests' WebApplicationFactory&lt;Program&gt;.</summary>
public partial class Program;
