using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace LambdaSlimFunction.Tests;

/// <summary>The app's routes, served in memory: the same pipeline that Kestrel runs locally and Lambda events feed.</summary>
public class ApiTests(WebApplicationFactory<Program> factory) : IClassFixture<WebApplicationFactory<Program>>
{
    [Fact]
    public async Task Hello_greets_by_name()
    {
        var client = factory.CreateClient();

        Assert.Equal("Hello, Ada!", await client.GetStringAsync("/hello/Ada"));
    }

    [Fact]
    public async Task An_order_is_placed_and_found_again()
    {
        var client = factory.CreateClient();

        var placed = await client.PostAsJsonAsync("/orders", new { item = "coffee", quantity = 2, to = "desk 4" });

        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var order = await placed.Content.ReadFromJsonAsync<Order>();
        Assert.Equal(("coffee", 2, "desk 4"), (order!.Item, order.Quantity, order.To));
        Assert.Equal($"/orders/{order.Id}", placed.Headers.Location!.OriginalString);
        Assert.Equal(order, await client.GetFromJsonAsync<Order>($"/orders/{order.Id}"));
    }

    [Fact]
    public async Task A_bad_order_is_refused_and_a_missing_one_is_not_found()
    {
        var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/orders", new { quantity = 0 })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/orders/999")).StatusCode);
    }
}
