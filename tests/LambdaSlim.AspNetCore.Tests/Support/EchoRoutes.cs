using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace LambdaSlim.AspNetCore.Tests.Support;

/// <summary>A route that answers what the app saw of the request, as JSON: the mapping, read through the real pipeline.</summary>
public static class EchoRoutes
{
    public static void Map(WebApplication app) =>
        app.Map("/{**rest}", async (HttpContext context) =>
        {
            var request = context.Request;
            string body = await new StreamReader(request.Body).ReadToEndAsync();
            var seen = new Dictionary<string, object?>
            {
                ["method"] = request.Method,
                ["scheme"] = request.Scheme,
                ["protocol"] = request.Protocol,
                ["pathBase"] = request.PathBase.Value,
                ["path"] = request.Path.Value,
                ["queryString"] = request.QueryString.Value,
                ["query"] = request.Query.ToDictionary(q => q.Key, q => q.Value.ToArray()),
                ["headers"] = request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToArray()),
                ["cookies"] = request.Cookies.ToDictionary(c => c.Key, c => c.Value),
                ["contentLength"] = request.ContentLength,
                ["body"] = body,
                ["remoteIp"] = context.Connection.RemoteIpAddress?.ToString(),
                ["localPort"] = context.Connection.LocalPort,
                ["traceIdentifier"] = context.TraceIdentifier,
                ["lambdaRequestId"] = context.GetLambdaContext()?.AwsRequestId,
                ["eventType"] = context.Features.Get<ILambdaFeature>()?.Event.GetType().Name,
                ["eventSource"] = context.Features.Get<ILambdaFeature>()?.EventSource.ToString(),
                ["aborted"] = context.RequestAborted == context.GetLambdaContext()?.CancellationToken,
            };
            return Results.Text(JsonSerializer.Serialize(seen), "application/json");
        });

    /// <summary>The answer's body (text or base64) parsed as the echo's JSON.</summary>
    public static JsonElement Seen(JsonElement answer)
    {
        string body = answer.GetProperty("body").GetString()!;
        if (answer.GetProperty("isBase64Encoded").GetBoolean())
        {
            body = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(body));
        }
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
