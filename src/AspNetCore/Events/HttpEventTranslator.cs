using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LambdaSlim.AspNetCore.Events;

/// <summary>
/// Reads each event as the request of its source (detected, or the pinned one) and writes the app's response as
/// that source's answer.
/// </summary>
internal sealed class HttpEventTranslator(LambdaEventSource pinned, ILogger logger)
{
    public LambdaHttpRequest ReadRequest(ReadOnlySpan<byte> json)
    {
        LambdaEventSource source = pinned != LambdaEventSource.Detect
            ? pinned
            : EventProbe.Detect(json) ?? throw NotAnHttpEventException.Unrecognised();
        try
        {
            return source switch
            {
                LambdaEventSource.HttpApi => HttpApiEvents.ReadRequest(json),
                LambdaEventSource.RestApi => RestApiEvents.ReadRequest(json),
                LambdaEventSource.ApplicationLoadBalancer => LoadBalancerEvents.ReadRequest(json),
                _ => throw new ArgumentOutOfRangeException(nameof(pinned), pinned, "Not an event source."),
            };
        }
        catch (JsonException e)
        {
            // A member of the wrong JSON type: some other event, or one of another source than the pinned one.
            throw new NotAnHttpEventException($"{NotAnHttpEventException.Unrecognised().Message} ({e.Message})");
        }
    }

    public byte[] WriteResponse(LambdaHttpRequest request, string requestId, int statusCode, IHeaderDictionary headers, ReadOnlySpan<byte> body) =>
        request.Source switch
        {
            LambdaEventSource.HttpApi => HttpApiEvents.WriteResponse(statusCode, headers, body),
            LambdaEventSource.RestApi => RestApiEvents.WriteResponse(statusCode, headers, body),
            _ => LoadBalancerEvents.WriteResponse(request, requestId, statusCode, headers, body, logger),
        };
}
