using System.Collections.Concurrent;

namespace WebApi;

/// <summary>Orders kept in memory: a service from DI, shared by every request of the process.</summary>
public sealed class OrderBook
{
    private readonly ConcurrentDictionary<int, Order> _orders = new() { [1] = new Order(1, "coffee", 2) };
    private int _lastId = 1;

    public Order? Find(int id) => _orders.GetValueOrDefault(id);

    public Order Add(Order order)
    {
        Order placed = order with { Id = Interlocked.Increment(ref _lastId) };
        _orders[placed.Id] = placed;
        return placed;
    }
}
