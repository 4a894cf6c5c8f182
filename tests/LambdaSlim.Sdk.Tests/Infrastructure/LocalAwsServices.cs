using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using LambdaSlim.Core.Registry.Ecr;
using LambdaSlim.Tests.Shared.Aws;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LambdaSlim.Sdk.Tests.Infrastructure;

/// <summary>A DynamoDB call as the endpoint received it, and what its SigV4 check concluded (null: signed right).</summary>
public sealed record ReceivedAwsCall(string Target, string Body, string? SignatureProblem);

/// <summary>
/// What the Inventory sample talks to, on 127.0.0.1 only (Kestrel, free ports): over HTTPS with a certificate of
/// <see cref="TestCertificateAuthority"/>, a DynamoDB endpoint (the JSON 1.0 protocol; every call's SigV4 signature
/// is recomputed with the known secret and session token and a wrong one is refused as AWS refuses it) answering
/// GetItem from a small table, and a price service; over plain HTTP, a stock service.
/// </summary>
public sealed class LocalAwsServices : IAsyncDisposable
{
    public const string Region = "eu-central-1";
    public static readonly AwsSigningCredentials Credentials = new("AKIALAMBDASLIMTEST01", "lambdaslim/test/secret/access/key/0000001", "session-token-of-the-test-role");

    private readonly WebApplication _app;
    private readonly SigV4Check _signature = new(Credentials, Region, "dynamodb", "x-amz-target");

    private LocalAwsServices(WebApplication app) => _app = app;

    public ConcurrentQueue<ReceivedAwsCall> DynamoDbCalls { get; } = new();

    /// <summary>https://localhost:PORT — DynamoDB and the price service.</summary>
    public Uri Https { get; private set; } = null!;

    /// <summary>http://localhost:PORT — the stock service.</summary>
    public Uri Http { get; private set; } = null!;

    /// <summary>The function's environment, as Lambda and its deployment would give it: credentials, region, endpoints by name (localhost).</summary>
    public IReadOnlyDictionary<string, string> FunctionEnvironment => new Dictionary<string, string>
    {
        ["AWS_REGION"] = Region,
        ["AWS_ACCESS_KEY_ID"] = Credentials.AccessKeyId,
        ["AWS_SECRET_ACCESS_KEY"] = Credentials.SecretAccessKey,
        ["AWS_SESSION_TOKEN"] = Credentials.SessionToken!,
        ["AWS_ENDPOINT_URL_DYNAMODB"] = Https.ToString().TrimEnd('/'),
        ["PRICES_URL"] = Https.ToString().TrimEnd('/'),
        ["STOCK_URL"] = Http.ToString().TrimEnd('/'),
        ["TABLE_NAME"] = "inventory",
    };

    public static async Task<LocalAwsServices> StartAsync(TestCertificateAuthority authority)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(authority.Server));
            kestrel.Listen(IPAddress.Loopback, 0);
        });
        var app = builder.Build();
        var services = new LocalAwsServices(app);
        app.MapPost("/", services.DynamoDbAsync);
        app.MapGet("/prices/{sku}", (string sku) => sku == "sku-42" ? Results.Text("12.50 EUR\n") : Results.NotFound());
        app.MapGet("/stock/{sku}", (string sku) => sku == "sku-42" ? Results.Text("7\n") : Results.NotFound());
        await app.StartAsync();

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToList();
        // Addresses by name, as a deployment configures them: the function must resolve localhost inside its image.
        services.Https = new UriBuilder(addresses.Single(a => a.Scheme == "https")) { Host = "localhost" }.Uri;
        services.Http = new UriBuilder(addresses.Single(a => a.Scheme == "http")) { Host = "localhost" }.Uri;
        return services;
    }

    private async Task DynamoDbAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var request = context.Request;
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var url = new Uri($"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{request.QueryString}");
        var target = headers.GetValueOrDefault("X-Amz-Target", "");
        var problem = _signature.Problem(request.Method, url, headers, body);
        DynamoDbCalls.Enqueue(new ReceivedAwsCall(target, Encoding.UTF8.GetString(body), problem));

        context.Response.ContentType = "application/x-amz-json-1.0";
        if (problem is not null)
        {
            await ErrorAsync(context, 400, "com.amazon.coral.service#InvalidSignatureException", $"The request signature we calculated does not match the signature you provided ({problem}).");
            return;
        }
        if (target != "DynamoDB_20120810.GetItem")
        {
            await ErrorAsync(context, 400, "com.amazon.coral.service#UnknownOperationException", "Only GetItem is served here, not " + target);
            return;
        }
        using var input = JsonDocument.Parse(body);
        var table = input.RootElement.GetProperty("TableName").GetString();
        var sku = input.RootElement.GetProperty("Key").GetProperty("sku").GetProperty("S").GetString();
        if (table != "inventory")
        {
            await ErrorAsync(context, 400, "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", "Requested resource not found");
            return;
        }
        await context.Response.WriteAsync(sku == "sku-42"
            ? """{"Item":{"sku":{"S":"sku-42"},"name":{"S":"Lambda mug"},"shelf":{"N":"12"}}}"""
            : "{}");
    }

    private static Task ErrorAsync(HttpContext context, int status, string type, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string> { ["__type"] = type, ["message"] = message }));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
