using System.Globalization;
using System.Text;
using LambdaSlim.Emulator.Faults;
using LambdaSlim.Emulator.Http;

namespace LambdaSlim.Emulator.RuntimeApi;

/// <summary>
/// The Runtime API (2018-06-01) for one execution environment: routes each request, applies the injected fault
/// drawn for it, and decides invocation answers through <see cref="Invocation"/> so none is lost or doubled.
/// </summary>
internal sealed class RuntimeApiHandler(
    DeliveryQueue queue,
    InvocationRegistry registry,
    Telemetry telemetry,
    FaultInjector faults,
    string functionArn,
    Action onNextRequested,
    Func<InvocationOutcome, bool> onInitError)
{
    public const string BasePath = "/2018-06-01/runtime/";

    /// <summary>
    /// Lambda's buffered response limit. The error Lambda returns names 6291556 bytes (6 MiB + 100), so that is
    /// what we enforce; clients that stop at 6 MiB stay inside it.
    /// </summary>
    public const long MaxBufferedResponseBytes = 6 * 1024 * 1024 + 100;

    private static readonly byte[] AcceptedBody = "{\"status\":\"OK\"}"u8.ToArray();
    private static readonly KeyValuePair<string, string> JsonContent = new("Content-Type", "application/json");

    public async Task<bool> HandleAsync(HttpExchange exchange, CancellationToken ct)
    {
        var head = exchange.Head;
        var path = head.Target;
        if (path == BasePath + "invocation/next")
        {
            return head.Method == "GET"
                ? await NextAsync(exchange, ct)
                : await RejectAsync(exchange, 405, "MethodNotAllowed", "Use GET for invocation/next.", ct);
        }
        if (head.Method != "POST")
        {
            return await RejectAsync(exchange, 405, "MethodNotAllowed", $"Use POST for {path}.", ct);
        }
        if (path == BasePath + "init/error")
        {
            return await PostAsync(exchange, InitErrorAsync, ct);
        }
        if (path.StartsWith(BasePath + "invocation/", StringComparison.Ordinal))
        {
            var rest = path[(BasePath.Length + "invocation/".Length)..];
            var slash = rest.IndexOf('/');
            if (slash > 0)
            {
                var requestId = Uri.UnescapeDataString(rest[..slash]);
                switch (rest[(slash + 1)..])
                {
                    case "response":
                        return await PostAsync(exchange, (x, c) => ResponseAsync(x, requestId, c), ct);
                    case "error":
                        return await PostAsync(exchange, (x, c) => ErrorAsync(x, requestId, c), ct);
                }
            }
        }
        return await RejectAsync(exchange, 404, "NotFound", $"No Runtime API endpoint at {path}.", ct);
    }

    private async Task<bool> NextAsync(HttpExchange exchange, CancellationToken ct)
    {
        Interlocked.Increment(ref telemetry.NextRequests);
        onNextRequested();
        telemetry.Raise(EmulatorEventKind.NextRequested);
        var fault = Draw(faults.ForNext(), "next");
        switch (fault)
        {
            case FaultKind.DropBeforeProcessing:
                exchange.Drop();
                return false;
            case FaultKind.ServerError:
                return await RejectAsync(exchange, 500, "ServiceException", "Injected fault: internal error.", ct);
            case FaultKind.Delay:
                await Task.Delay(faults.NextDelay(), ct);
                break;
        }

        var invocation = await TakeWhileConnectedAsync(exchange, ct);
        if (invocation is null)
        {
            return false;
        }
        try
        {
            var headers = NextHeaders(invocation);
            switch (fault)
            {
                case FaultKind.DropAfterProcessing:
                    exchange.Drop();
                    queue.Return(invocation);
                    return false;
                case FaultKind.GarbageHead:
                    await exchange.WriteRawAsync(faults.GarbageHead(), ct);
                    exchange.Drop();
                    queue.Return(invocation);
                    return false;
                case FaultKind.TruncatedAnswer:
                    var full = HttpResponseWriter.FormatHead(200, headers.Append(new("Content-Length",
                        (invocation.Payload.Length + 10).ToString(CultureInfo.InvariantCulture))));
                    await exchange.WriteRawAsync(full, ct);
                    await exchange.WriteRawAsync(invocation.Payload[..(invocation.Payload.Length / 2)], ct);
                    exchange.Drop();
                    queue.Return(invocation);
                    return false;
            }
            await exchange.RespondAsync(200, headers, invocation.Payload, ct);
        }
        catch (Exception)
        {
            queue.Return(invocation);
            throw;
        }
        Interlocked.Increment(ref telemetry.Deliveries);
        telemetry.Raise(EmulatorEventKind.InvocationDelivered, invocation.RequestId);
        return true;
    }

    /// <summary>Waits for an invocation, giving up (and keeping it queued) if the client hangs up meanwhile.</summary>
    private async Task<Invocation?> TakeWhileConnectedAsync(HttpExchange exchange, CancellationToken ct)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var take = queue.TakeAsync(waiting.Token);
        var peerClosed = exchange.WaitForPeerCloseAsync(waiting.Token);
        var first = await Task.WhenAny(take, peerClosed);
        await waiting.CancelAsync();
        if (first == take)
        {
            return await take;
        }
        try
        {
            queue.Return(await take); // taken in the same instant the peer left
        }
        catch (OperationCanceledException)
        {
        }
        exchange.Drop();
        return null;
    }

    private List<KeyValuePair<string, string>> NextHeaders(Invocation invocation)
    {
        var headers = new List<KeyValuePair<string, string>>
        {
            JsonContent,
            new("Lambda-Runtime-Aws-Request-Id", invocation.RequestId),
            new("Lambda-Runtime-Deadline-Ms", invocation.Deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)),
            new("Lambda-Runtime-Invoked-Function-Arn", functionArn),
            new("Lambda-Runtime-Trace-Id", invocation.TraceId),
            new("Lambda-Runtime-Invocation-Id", invocation.InvocationId),
        };
        if (invocation.Options.ClientContext is { } clientContext)
        {
            headers.Add(new("Lambda-Runtime-Client-Context", clientContext));
        }
        if (invocation.Options.CognitoIdentity is { } identity)
        {
            headers.Add(new("Lambda-Runtime-Cognito-Identity", identity));
        }
        if (invocation.Options.TenantId is { } tenant)
        {
            headers.Add(new("Lambda-Runtime-Aws-Tenant-Id", tenant));
        }
        return headers;
    }

    /// <summary>What a post does once its faults allow it to be processed; returns the status it earned.</summary>
    private delegate Task<(int Status, byte[] Body)> PostProcessor(HttpExchange exchange, CancellationToken ct);

    /// <summary>
    /// Applies a post's fault around its processing. "Before" faults leave it unapplied (the function may send it
    /// again); "after" faults apply it and then lose the answer (the function must not send it again).
    /// </summary>
    private async Task<bool> PostAsync(HttpExchange exchange, PostProcessor process, CancellationToken ct)
    {
        var fault = Draw(faults.ForPost(), exchange.Head.Target);
        switch (fault)
        {
            case FaultKind.DropBeforeProcessing:
                exchange.Drop();
                return false;
            case FaultKind.ServerError:
                await exchange.DrainBodyAsync(ct);
                return await RejectAsync(exchange, 500, "ServiceException", "Injected fault: internal error.", ct);
            case FaultKind.Delay:
                await Task.Delay(faults.NextDelay(), ct);
                break;
        }
        var (status, body) = await process(exchange, ct);
        switch (fault)
        {
            case FaultKind.DropAfterProcessing:
                exchange.Drop();
                return false;
            case FaultKind.GarbageHead:
                await exchange.WriteRawAsync(faults.GarbageHead(), ct);
                exchange.Drop();
                return false;
            case FaultKind.TruncatedAnswer:
                await exchange.WriteRawAsync("HTTP/1.1 20"u8.ToArray(), ct);
                exchange.Drop();
                return false;
        }
        await exchange.RespondAsync(status, [JsonContent], body, ct);
        return true;
    }

    private async Task<(int, byte[])> ResponseAsync(HttpExchange exchange, string requestId, CancellationToken ct)
    {
        var invocation = await FindForPostAsync(exchange, requestId, ct);
        if (invocation is null)
        {
            return await RejectedPostAsync(exchange, requestId, ct);
        }
        var mode = exchange.Head.Headers.Get("Lambda-Runtime-Function-Response-Mode");
        if (string.Equals(mode, "streaming", StringComparison.OrdinalIgnoreCase))
        {
            return await StreamingResponseAsync(exchange, invocation, ct);
        }

        var body = await exchange.ReadBufferedBodyAsync(MaxBufferedResponseBytes, ct);
        if (body.Overflow)
        {
            var message = $"Response payload size exceeded maximum allowed payload size ({MaxBufferedResponseBytes} bytes).";
            var document = ErrorJson.FormatUtf8("Function.ResponseSizeTooLarge", message);
            var tooLarge = new InvocationOutcome(InvocationStatus.FunctionError, default, document, "Function.ResponseSizeTooLarge", false);
            if (!invocation.TryCompleteFromPost(tooLarge))
            {
                return Refused(invocation);
            }
            Interlocked.Increment(ref telemetry.Errors);
            telemetry.Raise(EmulatorEventKind.ErrorAccepted, requestId, "Function.ResponseSizeTooLarge");
            return (413, ErrorJson.FormatUtf8("RequestEntityTooLarge", message));
        }
        if (!invocation.TryCompleteFromPost(new InvocationOutcome(InvocationStatus.Success, body.Bytes, default, null, false,
                exchange.Head.Headers.Get("Content-Type"))))
        {
            return Refused(invocation);
        }
        Interlocked.Increment(ref telemetry.Responses);
        telemetry.Raise(EmulatorEventKind.ResponseAccepted, requestId);
        return (202, AcceptedBody);
    }

    private async Task<(int, byte[])> StreamingResponseAsync(HttpExchange exchange, Invocation invocation, CancellationToken ct)
    {
        if (!invocation.TryBeginStream())
        {
            await exchange.DrainBodyAsync(ct);
            return Refused(invocation);
        }
        var relay = invocation.Relay;
        HttpHeaders trailers;
        try
        {
            await relay.BeginAsync(ct);
            trailers = await exchange.ReadBodyAsync(relay.WriteAsync, ct);
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or MalformedHttpException)
        {
            // The stream broke before its last chunk: the caller gets what arrived, marked as an error.
            var document = ErrorJson.FormatUtf8("Runtime.TruncatedResponse", $"The streamed response ended early: {e.Message}");
            if (invocation.TryCompleteStream(new InvocationOutcome(InvocationStatus.FunctionError, relay.Collected, document,
                    "Runtime.TruncatedResponse", true)))
            {
                Interlocked.Increment(ref telemetry.Errors);
                telemetry.Raise(EmulatorEventKind.ErrorAccepted, invocation.RequestId, "Runtime.TruncatedResponse");
            }
            throw;
        }

        var errorType = trailers.Get("Lambda-Runtime-Function-Error-Type");
        InvocationOutcome outcome;
        if (errorType is null)
        {
            outcome = new InvocationOutcome(InvocationStatus.Success, relay.Collected, default, null, true, exchange.Head.Headers.Get("Content-Type"));
        }
        else
        {
            var document = DecodeErrorBody(trailers.Get("Lambda-Runtime-Function-Error-Body"), errorType);
            outcome = new InvocationOutcome(InvocationStatus.FunctionError, relay.Collected, document, errorType, true,
                exchange.Head.Headers.Get("Content-Type"));
        }
        if (invocation.TryCompleteStream(outcome))
        {
            Interlocked.Increment(ref errorType is null ? ref telemetry.Responses : ref telemetry.Errors);
            telemetry.Raise(errorType is null ? EmulatorEventKind.ResponseAccepted : EmulatorEventKind.ErrorAccepted,
                invocation.RequestId, errorType);
        }
        return (202, AcceptedBody);
    }

    private static byte[] DecodeErrorBody(string? base64, string errorType)
    {
        if (base64 is not null)
        {
            try
            {
                return Convert.FromBase64String(base64);
            }
            catch (FormatException)
            {
                return ErrorJson.FormatUtf8(errorType, "The Lambda-Runtime-Function-Error-Body trailer was not valid base64.");
            }
        }
        return ErrorJson.FormatUtf8(errorType, "The stream ended with an error and no error body.");
    }

    private async Task<(int, byte[])> ErrorAsync(HttpExchange exchange, string requestId, CancellationToken ct)
    {
        var invocation = await FindForPostAsync(exchange, requestId, ct);
        if (invocation is null)
        {
            return await RejectedPostAsync(exchange, requestId, ct);
        }
        var (errorType, document, tooLarge) = await ReadErrorAsync(exchange, ct);
        if (tooLarge)
        {
            return (413, ErrorJson.FormatUtf8("RequestEntityTooLarge", "The error document is over 6 MB."));
        }
        if (!invocation.TryCompleteFromPost(new InvocationOutcome(InvocationStatus.FunctionError, default, document, errorType, false)))
        {
            return Refused(invocation);
        }
        Interlocked.Increment(ref telemetry.Errors);
        telemetry.Raise(EmulatorEventKind.ErrorAccepted, requestId, errorType);
        return (202, AcceptedBody);
    }

    private async Task<(int, byte[])> InitErrorAsync(HttpExchange exchange, CancellationToken ct)
    {
        var (errorType, document, tooLarge) = await ReadErrorAsync(exchange, ct);
        if (tooLarge)
        {
            return (413, ErrorJson.FormatUtf8("RequestEntityTooLarge", "The error document is over 6 MB."));
        }
        if (!onInitError(new InvocationOutcome(InvocationStatus.InitError, default, document, errorType, false)))
        {
            return (403, ErrorJson.FormatUtf8("InvalidStateTransition", "init/error after the runtime already asked for an invocation."));
        }
        Interlocked.Increment(ref telemetry.InitErrors);
        telemetry.Raise(EmulatorEventKind.InitFailed, detail: errorType);
        return (202, AcceptedBody);
    }

    /// <summary>The error type comes from the header (Lambda's rule), else from the document, else "Unhandled".</summary>
    private static async Task<(string ErrorType, byte[] Document, bool TooLarge)> ReadErrorAsync(HttpExchange exchange, CancellationToken ct)
    {
        var body = await exchange.ReadBufferedBodyAsync(MaxBufferedResponseBytes, ct);
        var errorType = exchange.Head.Headers.Get("Lambda-Runtime-Function-Error-Type")
            ?? ErrorJson.TryReadErrorType(body.Bytes)
            ?? "Unhandled";
        var document = body.Bytes.Length > 0
            ? body.Bytes
            : ErrorJson.FormatUtf8(errorType, "The function reported an error without a body.");
        return (errorType, document, body.Overflow);
    }

    /// <summary>The open invocation a post names, or null (after draining its body) when there is none to answer.</summary>
    private async Task<Invocation?> FindForPostAsync(HttpExchange exchange, string requestId, CancellationToken ct)
    {
        var invocation = registry.FindOpen(requestId);
        var echoed = exchange.Head.Headers.Get("Lambda-Runtime-Invocation-Id");
        if (invocation is not null && (echoed is null || echoed == invocation.InvocationId))
        {
            return invocation;
        }
        await exchange.DrainBodyAsync(ct);
        return null;
    }

    /// <summary>
    /// Why a post that found no open invocation to answer is refused: a stale Lambda-Runtime-Invocation-Id, or an
    /// invocation the emulator already ended (timeout, caller gone), is 410 Gone, as Lambda answers it; an invocation
    /// the function itself answered is a duplicate; an id never issued is a bad request.
    /// </summary>
    private Task<(int, byte[])> RejectedPostAsync(HttpExchange exchange, string requestId, CancellationToken ct)
    {
        var open = registry.FindOpen(requestId);
        if (open is not null)
        {
            return Task.FromResult(Gone(requestId,
                $"Lambda-Runtime-Invocation-Id '{exchange.Head.Headers.Get("Lambda-Runtime-Invocation-Id")}' is not the current invocation of request {requestId}."));
        }
        switch (registry.WasAnsweredByFunction(requestId))
        {
            case true:
                return Task.FromResult(Duplicate(requestId));
            case false:
                return Task.FromResult(Ended(requestId));
            default:
                Interlocked.Increment(ref telemetry.UnknownRequestIdPosts);
                return Task.FromResult<(int, byte[])>((400, ErrorJson.FormatUtf8("InvalidRequestID",
                    $"No invocation with request id '{requestId}' was issued.")));
        }
    }

    /// <summary>A post that lost the race for an invocation: to the function's own earlier post, or to the emulator.</summary>
    private (int, byte[]) Refused(Invocation invocation) =>
        invocation.AnsweredByFunction ? Duplicate(invocation.RequestId) : Ended(invocation.RequestId);

    private (int, byte[]) Ended(string requestId) =>
        Gone(requestId, $"Invocation {requestId} already ended (timed out, its caller gave up, or its process exited).");

    private (int, byte[]) Duplicate(string requestId)
    {
        Interlocked.Increment(ref telemetry.DuplicatePostsRejected);
        telemetry.Raise(EmulatorEventKind.DuplicateRejected, requestId);
        return (400, ErrorJson.FormatUtf8("InvalidStateTransition", $"Invocation {requestId} was already answered."));
    }

    private (int, byte[]) Gone(string requestId, string message)
    {
        Interlocked.Increment(ref telemetry.GonePostsRejected);
        telemetry.Raise(EmulatorEventKind.GoneRejected, requestId);
        return (410, ErrorJson.FormatUtf8("InvocationGone", message));
    }

    private FaultKind Draw(FaultKind fault, string where)
    {
        if (fault != FaultKind.None)
        {
            Interlocked.Increment(ref telemetry.FaultsInjected);
            telemetry.Raise(EmulatorEventKind.FaultInjected, detail: $"{fault} on {where}");
        }
        return fault;
    }

    private static async Task<bool> RejectAsync(HttpExchange exchange, int status, string errorType, string message, CancellationToken ct)
    {
        await exchange.DrainBodyAsync(ct);
        await exchange.RespondAsync(status, [JsonContent], Encoding.UTF8.GetBytes(ErrorJson.Format(errorType, message)), ct);
        return true;
    }
}
