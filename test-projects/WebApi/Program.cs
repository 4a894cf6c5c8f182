// A minimal API that runs under Kestrel (`dotnet run`) and, published with -p:PublishLambdaImage=true, as a NativeAOT
// Lambda function behind API Gateway (HTTP or REST API), a function URL or an ALB. Routes:
//   GET  /hello/{name}?tag=a&tag=b  text, a route parameter, a repeated query key, headers and cookies both ways
//   GET  /orders/{id}               JSON from a DI service; 404 when there is no such order
//   POST /orders                    JSON body in, 201 with a Location header out
//   GET  /logo.png                  a binary body
//   GET  /info                      what the server saw (content root, appsettings.json, request id, peer)
//   GET  /boom                      an unhandled exception: 500
//   GET  /download/{megabytes}      a large body written in pieces (streamed with WEBAPI_STREAMING=true)
//   GET  /broken-download           a body that fails halfway
//   GET  /together/{count}          answers once `count` requests are inside at the same time (concurrency)
using System.Text.Json.Serialization;
using LambdaSlim.AspNetCore;
using WebApi;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, AppJson.Default));
builder.Services.AddSingleton<OrderBook>();
builder.Services.AddSingleton<Gathering>();
// In Lambda: requests from events instead of Kestrel. Streaming is for a function URL in RESPONSE_STREAM mode.
builder.Services.AddLambdaSlimHosting(options => options.ResponseStreaming = builder.Configuration["WEBAPI_STREAMING"] == "true");

var app = builder.Build();

app.MapGet("/hello/{name}", (string name, string[]? tag, HttpRequest request, HttpResponse response) =>
{
    response.Headers["X-Greeted"] = name;
    response.Cookies.Append("greeted", name, new CookieOptions { HttpOnly = true });
    response.Cookies.Append("visits", "1");
    return $"Hello, {name}! tags={string.Join('|', tag ?? [])} session={request.Cookies["session"]} client={request.Headers["X-Client"]}";
});

app.MapGet("/orders/{id:int}", (int id, OrderBook orders) =>
    orders.Find(id) is { } order ? Results.Ok(order) : Results.NotFound());

app.MapPost("/orders", (Order order, OrderBook orders) =>
{
    Order placed = orders.Add(order);
    return Results.Created($"/orders/{placed.Id}", placed);
});

app.MapGet("/logo.png", () => Results.Bytes(Logo.Bytes, "image/png"));

app.MapGet("/info", (HttpContext context, IConfiguration configuration, IWebHostEnvironment environment) => new Info(
    environment.ContentRootPath,
    configuration["Greeting"],
    context.TraceIdentifier,
    context.GetLambdaContext()?.AwsRequestId,
    context.Features.Get<ILambdaFeature>()?.EventSource.ToString(),
    context.Connection.RemoteIpAddress?.ToString(),
    context.Request.Scheme,
    context.Request.PathBase.Value));

app.MapGet("/boom", string () => throw new InvalidOperationException("The order book is on fire."));

app.MapGet("/download/{megabytes:int}", async (int megabytes, HttpResponse response) =>
{
    response.ContentType = "application/octet-stream";
    byte[] piece = Logo.Pattern(1024 * 1024);
    for (int i = 0; i < megabytes; i++)
    {
        await response.Body.WriteAsync(piece);
        await response.Body.FlushAsync();
    }
});

app.MapGet("/broken-download", async (HttpResponse response) =>
{
    response.ContentType = "application/octet-stream";
    await response.Body.WriteAsync(Logo.Pattern(64 * 1024));
    await response.Body.FlushAsync();
    throw new IOException("The disk went away halfway through the download.");
});

app.MapGet("/together/{count:int}", async (int count, Gathering gathering) =>
    await gathering.MeetAsync(count, TimeSpan.FromSeconds(20)) ? Results.Ok(count) : Results.StatusCode(504));

app.Run();

namespace WebApi
{
    public sealed record Order(int Id, string Item, int Quantity);

    public sealed record Info(string ContentRoot, string? Greeting, string TraceIdentifier, string? LambdaRequestId,
        string? EventSource, string? RemoteIp, string Scheme, string? PathBase);

    [JsonSerializable(typeof(Order))]
    [JsonSerializable(typeof(Info))]
    [JsonSerializable(typeof(int))]
    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
    internal sealed partial class AppJson : JsonSerializerContext;
}
