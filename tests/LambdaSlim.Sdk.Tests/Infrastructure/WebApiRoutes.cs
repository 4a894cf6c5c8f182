using System.Text.Json;

namespace LambdaSlim.Sdk.Tests.Infrastructure;

/// <summary>
/// What test-projects/WebApi answers on its routes, whoever serves it: the same checks run against the app inside its
/// Lambda image (each event source through the emulator) and under Kestrel (`dotnet run`).
/// </summary>
public static class WebApiRoutes
{
    /// <summary>The sample's /logo.png, built here on its own: a PNG signature, then every byte value once.</summary>
    public static readonly byte[] LogoBytes = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, .. Enumerable.Range(0, 256).Select(i => (byte)i)];

    /// <summary>One of the sample's download pieces: 1 MiB of 0, 1, …, 250, 0, 1, ….</summary>
    public static byte[] DownloadPiece(int length = 1024 * 1024) => Enumerable.Range(0, length).Select(i => (byte)(i % 251)).ToArray();

    public static readonly HttpRequestSpec Hello = new("GET", "/hello/ada")
    {
        Query = [("tag", "a"), ("tag", "b c")],
        Headers = new Dictionary<string, string> { ["X-Client"] = "tests" },
        Cookies = ["session=3f1a9c", "theme=dark"],
    };

    public static readonly HttpRequestSpec FirstOrder = new("GET", "/orders/1");

    public static readonly HttpRequestSpec Info = new("GET", "/info");

    public static readonly HttpRequestSpec Boom = new("GET", "/boom");

    /// <summary>
    /// Every route but /info and /boom: text with a route parameter, a repeated query key, a request header and request
    /// cookies; response headers and cookies; JSON out and in (DI state kept between requests); a binary body byte for
    /// byte; 404 for a missing order and for a route that does not exist.
    /// </summary>
    public static async Task AssertRoutesAsync(Func<HttpRequestSpec, Task<HttpAnswer>> send)
    {
        var hello = await send(Hello);
        Assert.Equal(200, hello.StatusCode);
        Assert.Equal("Hello, ada! tags=a|b c session=3f1a9c client=tests", hello.Text);
        Assert.Equal("text/plain; charset=utf-8", hello.Header("Content-Type"));
        Assert.Equal("ada", hello.Header("X-Greeted"));
        Assert.Equal(["greeted=ada; path=/; httponly", "visits=1; path=/"], hello.Cookies.Order(StringComparer.Ordinal));

        var order = await send(FirstOrder);
        Assert.Equal(200, order.StatusCode);
        Assert.Equal("application/json; charset=utf-8", order.Header("Content-Type"));
        Assert.Equal("""{"id":1,"item":"coffee","quantity":2}""", order.Text);

        var placed = await send(new HttpRequestSpec("POST", "/orders") { Body = """{"item":"tea","quantity":3}""" });
        Assert.Equal(201, placed.StatusCode);
        using (var body = JsonDocument.Parse(placed.Body))
        {
            int id = body.RootElement.GetProperty("id").GetInt32();
            Assert.True(id > 1, placed.Text);
            Assert.Equal($"/orders/{id}", placed.Header("Location"));
            Assert.Equal("tea", body.RootElement.GetProperty("item").GetString());
            // The order book is a singleton of the app's container: the next request finds the order.
            var found = await send(new HttpRequestSpec("GET", $"/orders/{id}"));
            Assert.Equal(200, found.StatusCode);
            Assert.Equal(placed.Text, found.Text);
        }

        var logo = await send(new HttpRequestSpec("GET", "/logo.png"));
        Assert.Equal(200, logo.StatusCode);
        Assert.Equal("image/png", logo.Header("Content-Type"));
        Assert.Equal(LogoBytes, logo.Body);

        Assert.Equal(404, (await send(new HttpRequestSpec("GET", "/orders/999"))).StatusCode);
        Assert.Equal(404, (await send(new HttpRequestSpec("GET", "/no/such/route"))).StatusCode);
    }
}
