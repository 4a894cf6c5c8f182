using LambdaSlim.AspNetCore.Events;
using LambdaSlim.AspNetCore.Features;
using LambdaSlim.Runtime;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace LambdaSlim.AspNetCore.Hosting;

/// <summary>
/// One invocation through the app: the event read as a request, the app's pipeline run on it, its response written
/// as the answer (buffered) or streamed. Called concurrently when the environment serves several invocations at once;
/// everything of one request lives in this call.
/// </summary>
internal sealed class HttpEventPipeline<TContext>(IHttpApplication<TContext> application, HttpEventTranslator translator, ILogger logger)
    where TContext : notnull
{
    /// <summary>Lambda's limit for a buffered answer.</summary>
    private const int MaxBufferedAnswerBytes = 6 * 1024 * 1024;

    public async Task<ReadOnlyMemory<byte>> HandleAsync(ReadOnlyMemory<byte> @event, ILambdaContext context)
    {
        LambdaHttpRequest request = translator.ReadRequest(@event.Span);
        var response = new LambdaResponseFeature(new MemoryStream());
        await ServeAsync(request, response, context, streaming: false).ConfigureAwait(false);
        byte[] answer = translator.WriteResponse(request, context.AwsRequestId, response.StatusCode, response.Headers, response.BufferedBody);
        if (answer.Length > MaxBufferedAnswerBytes)
        {
            logger.LogError("{Code}: request {RequestId} ({Method} {Path}) answers {Bytes} bytes, over the 6 MB Lambda allows a buffered " +
                "response (base64 bodies grow by a third). Stream it: LambdaSlimHostingOptions.ResponseStreaming = true behind a " +
                "function URL with invoke mode RESPONSE_STREAM; or answer less.",
                AspNetCoreErrorCodes.ResponseTooLarge, context.AwsRequestId, request.Method, request.Path, answer.Length);
        }
        return answer;
    }

    public async Task StreamAsync(ReadOnlyMemory<byte> @event, Stream output, ILambdaContext context)
    {
        LambdaHttpRequest request = translator.ReadRequest(@event.Span);
        var response = new LambdaResponseFeature(output, async started =>
        {
            (IDictionary<string, string> headers, string[]? cookies) = HttpApiEvents.JoinHeaders(started.Headers);
            var prelude = new HttpIntegrationPrelude { StatusCode = started.StatusCode, Headers = headers, Cookies = cookies };
            await output.WriteAsync(prelude.ToBytes()).ConfigureAwait(false);
        });
        await ServeAsync(request, response, context, streaming: true).ConfigureAwait(false);
    }

    private async Task ServeAsync(LambdaHttpRequest request, LambdaResponseFeature response, ILambdaContext context, bool streaming)
    {
        var requestFeature = new LambdaRequestFeature(request);
        var features = new FeatureCollection();
        features.Set<IHttpRequestFeature>(requestFeature);
        features.Set<IHttpRequestBodyDetectionFeature>(requestFeature);
        features.Set<IHttpResponseFeature>(response);
        features.Set<IHttpResponseBodyFeature>(response);
        features.Set<IHttpConnectionFeature>(new HttpConnectionFeature
        {
            ConnectionId = context.AwsRequestId,
            RemoteIpAddress = request.RemoteIpAddress,
            LocalPort = request.LocalPort,
        });
        features.Set<IHttpRequestIdentifierFeature>(new HttpRequestIdentifierFeature { TraceIdentifier = context.AwsRequestId });
        // Fires a margin before the invocation's deadline: the app can stop in time.
        features.Set<IHttpRequestLifetimeFeature>(new HttpRequestLifetimeFeature { RequestAborted = context.CancellationToken });
        features.Set<ILambdaFeature>(new LambdaFeature(context, request.Event, request.Source));

        TContext httpContext = application.CreateContext(features);
        Exception? failure = null;
        try
        {
            await application.ProcessRequestAsync(httpContext).ConfigureAwait(false);
        }
        catch (Exception e) when (!(streaming && response.HasStarted))
        {
            failure = e;
            logger.LogError(e, "{Code}: request {RequestId} ({Method} {Path}): the application threw an unhandled exception; answered 500.",
                AspNetCoreErrorCodes.UnhandledException, context.AwsRequestId, request.Method, request.Path);
            response.Fail();
        }
        catch (Exception e)
        {
            // Part of the body is out: the runtime ends the stream with Lambda's error trailers.
            logger.LogError(e, "{Code}: request {RequestId} ({Method} {Path}): the application threw after its response started " +
                "streaming; the stream ends with an error.", AspNetCoreErrorCodes.UnhandledException, context.AwsRequestId, request.Method, request.Path);
            context.RunAfterResponse(_ =>
            {
                application.DisposeContext(httpContext, e);
                return Task.CompletedTask;
            });
            throw;
        }
        await response.CompleteAsync().ConfigureAwait(false);
        // OnCompleted callbacks and the request's end (logging, diagnostics) come after the answer reached Lambda,
        // as Kestrel runs them after the response reached the socket.
        context.RunAfterResponse(async _ =>
        {
            await response.FireOnCompletedAsync().ConfigureAwait(false);
            application.DisposeContext(httpContext, failure);
        });
    }
}
