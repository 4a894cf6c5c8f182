using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using LambdaSlim.Runtime.Api;
using LambdaSlim.Runtime.Http;
using LambdaSlim.Runtime.Invocations;
using LambdaSlim.Runtime.Logging;

namespace LambdaSlim.Runtime;

/// <summary>
/// Runs a function against the Lambda Runtime API at AWS_LAMBDA_RUNTIME_API: call one of these from Main and
/// await it. It serves invocations on the calling thread (and, on Lambda Managed Instances, on one more thread per
/// further invocation slot) and returns when SIGTERM arrives or <c>cancellationToken</c> fires, after finishing the
/// invocations in hand; it exits the process with a non-zero code when initialisation fails (after reporting it to
/// init/error) or when the Runtime API is unreachable. A host that must not block its caller (an ASP.NET Core
/// server's StartAsync, say) calls it on a thread of its own.
/// When <see cref="MaxConcurrency"/> is above 1 the handler is called concurrently, once per invocation in flight,
/// each call with its own <see cref="ILambdaContext"/>: the raw-bytes overloads are the entry point for hosts that
/// translate invocations into something else (HTTP requests, typed events).
/// </summary>
public static class LambdaRuntime
{
    private const string JsonContentType = "application/json";

    /// <summary>
    /// How many invocations this environment serves at once, as the runtime will run them: AWS_LAMBDA_MAX_CONCURRENCY
    /// (set by Lambda Managed Instances), or 1 when it is unset or not a whole number of at least 1.
    /// </summary>
    public static int MaxConcurrency => RuntimeOptions.FromEnvironment([]).MaxConcurrency;

    /// <summary>Typed handler; the event and response are (de)serialised with source-generated metadata.</summary>
    public static Task RunAsync<TRequest, TResponse>(Func<TRequest, ILambdaContext, Task<TResponse>> handler,
        JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return RunAsync(() => Task.FromResult(handler), requestType, responseType, cancellationToken);
    }

    /// <summary>
    /// Typed handler built by <paramref name="initialize"/>; an exception there (or in a static constructor it
    /// triggers) is reported to init/error before the process exits with code 1.
    /// </summary>
    public static Task RunAsync<TRequest, TResponse>(Func<Task<Func<TRequest, ILambdaContext, Task<TResponse>>>> initialize,
        JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(initialize);
        ArgumentNullException.ThrowIfNull(requestType);
        ArgumentNullException.ThrowIfNull(responseType);
        return RunHostAsync(async () =>
        {
            Func<TRequest, ILambdaContext, Task<TResponse>> handler = await initialize().ConfigureAwait(false);
            return FunctionHandler.ForBuffered(async (body, context) =>
            {
                TRequest request = JsonSerializer.Deserialize(body.Span, requestType)!;
                TResponse response = await handler(request, context).ConfigureAwait(false);
                return JsonSerializer.SerializeToUtf8Bytes(response, responseType);
            }, JsonContentType);
        }, cancellationToken);
    }

    /// <summary>Raw handler: event bytes in, response bytes out.</summary>
    public static Task RunAsync(Func<ReadOnlyMemory<byte>, ILambdaContext, Task<ReadOnlyMemory<byte>>> handler,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return RunAsync(() => Task.FromResult(handler), cancellationToken);
    }

    /// <summary>Raw handler built by <paramref name="initialize"/> (failures there go to init/error).</summary>
    public static Task RunAsync(Func<Task<Func<ReadOnlyMemory<byte>, ILambdaContext, Task<ReadOnlyMemory<byte>>>>> initialize,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(initialize);
        return RunHostAsync(async () => FunctionHandler.ForBuffered(await initialize().ConfigureAwait(false), contentType: null),
            cancellationToken);
    }

    /// <summary>
    /// Response streaming: the handler writes the response to the stream as it goes (no 6 MB limit). An
    /// exception after the first byte ends the stream with Lambda's error trailers.
    /// </summary>
    public static Task RunStreamingAsync<TRequest>(Func<TRequest, Stream, ILambdaContext, Task> handler, JsonTypeInfo<TRequest> requestType,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return RunStreamingAsync(() => Task.FromResult(handler), requestType, cancellationToken);
    }

    /// <summary>Streaming handler built by <paramref name="initialize"/> (failures there go to init/error).</summary>
    public static Task RunStreamingAsync<TRequest>(Func<Task<Func<TRequest, Stream, ILambdaContext, Task>>> initialize,
        JsonTypeInfo<TRequest> requestType, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(initialize);
        ArgumentNullException.ThrowIfNull(requestType);
        return RunStreamingAsync(async () =>
        {
            Func<TRequest, Stream, ILambdaContext, Task> handler = await initialize().ConfigureAwait(false);
            return (body, output, context) => handler(JsonSerializer.Deserialize(body.Span, requestType)!, output, context);
        }, cancellationToken);
    }

    /// <summary>Raw streaming handler: event bytes in, the response written to the stream as it goes.</summary>
    public static Task RunStreamingAsync(Func<ReadOnlyMemory<byte>, Stream, ILambdaContext, Task> handler,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return RunStreamingAsync(() => Task.FromResult(handler), cancellationToken);
    }

    /// <summary>Raw streaming handler built by <paramref name="initialize"/> (failures there go to init/error).</summary>
    public static Task RunStreamingAsync(Func<Task<Func<ReadOnlyMemory<byte>, Stream, ILambdaContext, Task>>> initialize,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(initialize);
        return RunHostAsync(async () => FunctionHandler.ForStreaming(await initialize().ConfigureAwait(false)), cancellationToken);
    }

    /// <summary>
    /// Raw streaming handler whose stream is of <paramref name="contentType"/> (the Content-Type Lambda hands on):
    /// an HTTP host streaming to a function URL declares <c>application/vnd.awslambda.http-integration-response</c>
    /// and starts the stream with the response's status and headers.
    /// </summary>
    public static Task RunStreamingAsync(Func<ReadOnlyMemory<byte>, Stream, ILambdaContext, Task> handler, string contentType,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentException.ThrowIfNullOrEmpty(contentType);
        return RunHostAsync(() => Task.FromResult(FunctionHandler.ForStreaming(handler, contentType)), cancellationToken);
    }

    private static Task RunHostAsync(Func<Task<FunctionHandler>> initialize, CancellationToken cancellationToken)
    {
        var sink = LogSink.FromEnvironment(Console.OpenStandardOutput());
        var log = new LambdaLogger(sink, null);
        string? address = Environment.GetEnvironmentVariable(RuntimeApiEndpoint.EnvironmentVariable);
        RuntimeApiEndpoint? endpoint = RuntimeApiEndpoint.TryParse(address);
        if (endpoint is null)
        {
            log.LogCritical($"{RuntimeErrorCodes.RuntimeApiNotConfigured}: {RuntimeApiEndpoint.EnvironmentVariable} is " +
                (address is null ? "not set" : $"'{address}', not IP:port (or localhost:port)") +
                ". This program is a Lambda function: run it in Lambda or under a Runtime API emulator (e.g. `lambdaslim invoke`), which set it.");
            Environment.Exit(RuntimeHost.ExitRuntimeApiUnreachable);
        }
        if (!OperatingSystem.IsLinux())
        {
            // The transport speaks to libc with Linux's constants and struct layouts (LibcSocket).
            log.LogCritical($"{RuntimeErrorCodes.UnsupportedOperatingSystem}: the LambdaSlim runtime client runs on Linux, as Lambda does; " +
                "this is " + RuntimeInformation.OSDescription + ". Run the function in Lambda, or on Linux under a Runtime API emulator (`lambdaslim invoke`).");
            Environment.Exit(RuntimeHost.ExitRuntimeApiUnreachable);
        }

        var warnings = new List<string>();
        RuntimeOptions options = RuntimeOptions.FromEnvironment(warnings);
        // Before the user's initialisation, so its allocations already count against the limit.
        GcHeapLimit.Apply(warnings);
        foreach (string warning in warnings)
        {
            log.LogWarning(warning);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // SIGTERM (Lambda shutting the sandbox down) ends the loop between invocations instead of killing it mid-way.
        using PosixSignalRegistration sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
        {
            signal.Cancel = true;
            stop.Cancel();
        });
        IRuntimeApiClient Connect() =>
            new RuntimeApiClient(new HttpConnection(endpoint, options.PostResponseTimeout), options, sink, endpoint.HostHeader);
        int exitCode = RuntimeHost.Run(Connect, initialize, options, FunctionEnvironment.FromEnvironment(), sink, stop.Token);
        if (exitCode != 0)
        {
            Environment.Exit(exitCode);
        }
        return Task.CompletedTask;
    }
}
