using System.Text;
using System.Text.Json;
using LambdaSlim.Core;
using LambdaSlim.Emulator.Http;

namespace LambdaSlim.Emulator;

/// <summary>
/// The AWS Lambda emulator's invoke endpoint, <c>POST /2015-03-31/functions/function/invocations</c> on 127.0.0.1,
/// so <c>curl -d @event.json http://127.0.0.1:9000/2015-03-31/functions/function/invocations</c> works as with the
/// official image. <c>X-Amz-Client-Context</c> and <c>X-Amz-Tenant-Id</c> are passed on as Lambda does. Answers: 200 with the response; 200 with the error document and
/// <c>X-Amz-Function-Error: Unhandled</c> on a function error, timeout or crash; 502 with the error document when
/// init failed. A streamed response is relayed as a chunked body as it arrives; an error after streaming began is
/// sent as trailers (<c>X-Amz-Function-Error</c>, <c>Lambda-Runtime-Function-Error-Type</c>,
/// <c>Lambda-Runtime-Function-Error-Body</c> base64).
/// </summary>
public sealed class InvokeEndpoint : IAsyncDisposable
{
    public const string InvokePath = "/2015-03-31/functions/function/invocations";

    private static readonly KeyValuePair<string, string> JsonContent = new("Content-Type", "application/json");

    private readonly LambdaEmulator _emulator;
    private readonly HttpServer _server;

    private InvokeEndpoint(LambdaEmulator emulator, int port)
    {
        _emulator = emulator;
        _server = HttpServer.Start(port, HandleAsync, emulator.ReportInternalError);
    }

    /// <summary>Starts listening on 127.0.0.1:<paramref name="port"/> (0 = a free port; see <see cref="Port"/>).</summary>
    public static InvokeEndpoint Start(LambdaEmulator emulator, int port = 0) => new(emulator, port);

    public int Port => _server.Port;

    public Uri InvokeUrl => new($"http://127.0.0.1:{Port}{InvokePath}");

    private async Task<bool> HandleAsync(HttpExchange exchange, CancellationToken ct)
    {
        var head = exchange.Head;
        // Any function name is accepted: there is one function here, and tools differ in the name they send.
        var path = head.Target.Split('?')[0];
        var segments = path.Split('/');
        if (segments is not ["", "2015-03-31", "functions", { Length: > 0 }, "invocations"])
        {
            return await AnswerAsync(exchange, 404, "ResourceNotFoundException", $"No endpoint at {path}; POST to {InvokePath}.", ct);
        }
        if (head.Method != "POST")
        {
            return await AnswerAsync(exchange, 405, "InvalidRequestContentException", "Invoke with POST.", ct);
        }
        var body = await exchange.ReadBufferedBodyAsync(LambdaEmulator.MaxPayloadBytes, ct);
        if (body.Overflow)
        {
            return await AnswerAsync(exchange, 413, "RequestTooLargeException",
                $"Request must be smaller than {LambdaEmulator.MaxPayloadBytes} bytes for the InvokeFunction operation", ct);
        }
        string? clientContext = null;
        if (head.Headers.Get("X-Amz-Client-Context") is { } encoded)
        {
            clientContext = DecodeClientContext(encoded);
            if (clientContext is null)
            {
                return await AnswerAsync(exchange, 400, "InvalidRequestContentException",
                    "X-Amz-Client-Context must be the base64 of a JSON object.", ct);
            }
        }

        var relay = new ChunkedBodyWriter(exchange.ResponseStream);
        var streaming = false;
        var options = new InvokeOptions
        {
            ClientContext = clientContext,
            TenantId = head.Headers.Get("X-Amz-Tenant-Id"),
            StreamingSink = new ChunkedSinkStream(relay),
            OnStreamingStarted = async c =>
            {
                streaming = true;
                await exchange.WriteRawAsync(HttpResponseWriter.FormatHead(200,
                [
                    new("Content-Type", "application/octet-stream"),
                    new("Transfer-Encoding", "chunked"),
                    new("Trailer", "X-Amz-Function-Error, Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body"),
                ]), c);
            },
        };

        InvocationResult result;
        try
        {
            result = await _emulator.InvokeAsync(body.Bytes, options, ct);
        }
        catch (LambdaSlimException e)
        {
            return await AnswerAsync(exchange, e.Code == EmulatorErrorCodes.EmulatorDisposed ? 503 : 400,
                "InvalidRequestContentException", e.Message, ct);
        }

        if (streaming)
        {
            List<KeyValuePair<string, string>> trailers = result.Status == InvocationStatus.Success ? [] :
            [
                new("X-Amz-Function-Error", "Unhandled"),
                new("Lambda-Runtime-Function-Error-Type", result.ErrorType ?? "Unhandled"),
                new("Lambda-Runtime-Function-Error-Body", Convert.ToBase64String(result.ErrorDocument.Span)),
            ];
            await relay.CompleteAsync(trailers, ct);
            return true;
        }

        var headers = new List<KeyValuePair<string, string>> { JsonContent, new("X-Amzn-RequestId", result.RequestId) };
        var status = 200;
        if (result.Status != InvocationStatus.Success)
        {
            headers.Add(new("X-Amz-Function-Error", "Unhandled"));
            status = result.Status == InvocationStatus.InitError ? 502 : 200;
        }
        await exchange.RespondAsync(status, headers, result.Body, ct);
        return true;
    }

    /// <summary>Base64 → UTF-8 JSON text, or null when it is neither.</summary>
    internal static string? DecodeClientContext(string base64)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(base64));
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object ? text : null;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    private static async Task<bool> AnswerAsync(HttpExchange exchange, int status, string errorType, string message, CancellationToken ct)
    {
        await exchange.DrainBodyAsync(ct);
        await exchange.RespondAsync(status, [JsonContent], ErrorJson.FormatUtf8(errorType, message), ct);
        return true;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
