using LambdaSlim.Runtime.Http;
using LambdaSlim.Runtime.Text;

namespace LambdaSlim.Runtime.Api;

/// <summary>
/// Builds an <see cref="Invocation"/> from a /next response. Only the request id is indispensable (without it
/// nothing can be answered); every other header degrades to a documented default plus a warning.
/// </summary>
internal static class InvocationParser
{
    /// <summary>Lambda's longest timeout: the assumed deadline when the header is missing or unreadable.</summary>
    public static readonly TimeSpan FallbackTimeout = TimeSpan.FromMinutes(15);

    public static Invocation Parse(HttpResponse response, DateTimeOffset now, List<string> warnings)
    {
        HttpHeaderCollection headers = response.Headers;
        string? requestId = headers.Get("Lambda-Runtime-Aws-Request-Id");
        if (string.IsNullOrWhiteSpace(requestId))
        {
            throw new InvalidInvocationException(
                $"{RuntimeErrorCodes.InvalidInvocation}: the Runtime API sent an event without a Lambda-Runtime-Aws-Request-Id header; it cannot be answered and is skipped.");
        }

        DateTimeOffset deadline;
        string? deadlineText = headers.Get("Lambda-Runtime-Deadline-Ms");
        if (long.TryParse(deadlineText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long deadlineMs)
            && deadlineMs > 0 && deadlineMs < 253_402_300_799_999)
        {
            deadline = DateTimeOffset.FromUnixTimeMilliseconds(deadlineMs);
        }
        else
        {
            deadline = now + FallbackTimeout;
            warnings.Add(deadlineText is null
                ? "the event has no Lambda-Runtime-Deadline-Ms header; assuming a 15-minute deadline"
                : $"the Lambda-Runtime-Deadline-Ms header '{deadlineText}' is not Unix milliseconds; assuming a 15-minute deadline");
        }

        return new Invocation(
            RequestId: requestId,
            InvocationId: headers.Get("Lambda-Runtime-Invocation-Id"),
            Deadline: deadline,
            InvokedFunctionArn: headers.Get("Lambda-Runtime-Invoked-Function-Arn") ?? "",
            TraceId: NullIfEmpty(headers.Get("Lambda-Runtime-Trace-Id")),
            ClientContext: JsonOrNull(headers.Get("Lambda-Runtime-Client-Context"), "Lambda-Runtime-Client-Context", warnings),
            CognitoIdentity: JsonOrNull(headers.Get("Lambda-Runtime-Cognito-Identity"), "Lambda-Runtime-Cognito-Identity", warnings),
            TenantId: NullIfEmpty(headers.Get("Lambda-Runtime-Aws-Tenant-Id")),
            Body: response.Body);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>The header's raw JSON when it is well-formed JSON; null (with a warning) otherwise.</summary>
    private static string? JsonOrNull(string? value, string header, List<string> warnings)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        if (JsonText.IsWellFormed(value))
        {
            return value;
        }
        warnings.Add($"the {header} header is not valid JSON and is ignored");
        return null;
    }
}

/// <summary>An event that cannot be served (no request id).</summary>
internal sealed class InvalidInvocationException(string message) : Exception(message);
