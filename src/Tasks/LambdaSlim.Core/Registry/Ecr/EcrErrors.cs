using System.Net;
using System.Text.Json;

namespace LambdaSlim.Core.Registry.Ecr;

/// <summary>An error answer of the ECR API: the AWS error code (<c>__type</c> / <c>x-amzn-ErrorType</c>) and its message.</summary>
public sealed record EcrApiError(HttpStatusCode Status, string Code, string Message);

/// <summary>What an ECR call was for, so an error can say what to check. Holds no key material.</summary>
public sealed record EcrCallContext(string Action, Uri Endpoint, string Region, string CredentialSource, string? Repository = null)
{
    /// <summary>The IAM action the call needs, e.g. <c>ecr:CreateRepository</c>.</summary>
    public string IamAction => "ecr:" + Action;
}

/// <summary>A failure worth another attempt (throttling, 5xx, a dropped connection); <see cref="Final"/> is shown when attempts run out.</summary>
public sealed class EcrTransientException(LambdaSlimException final, Exception? inner = null) : Exception(final.Message, inner)
{
    public LambdaSlimException Final { get; } = final;
}

/// <summary>
/// Reads ECR's JSON 1.1 error answers and turns them into coded errors (LSLIM35xx) that say what to check.
/// AWS messages are cut to their first line and scrubbed of the secrets in use before they are shown:
/// an <c>InvalidSignatureException</c> message goes on with the canonical request AWS expected, which contains
/// the <c>X-Amz-Security-Token</c> value.
/// </summary>
public static class EcrErrors
{
    /// <summary>The code of "AWS denied the IAM action", which callers may react to (a skipped existence check).</summary>
    public const string AccessDeniedCode = "LSLIM3505";

    /// <summary>The code in <c>x-amzn-ErrorType</c> ("Code:namespace") or in the body's <c>__type</c> ("ns#Code").</summary>
    public static EcrApiError Parse(HttpStatusCode status, string? errorTypeHeader, string body)
    {
        var code = "";
        var message = "";
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (property.Value.ValueKind != JsonValueKind.String)
                    {
                        continue;
                    }
                    if (property.NameEquals("__type") || property.NameEquals("code"))
                    {
                        code = property.Value.GetString()!;
                    }
                    else if (property.Name.Equals("message", StringComparison.OrdinalIgnoreCase))
                    {
                        message = property.Value.GetString()!;
                    }
                }
            }
        }
        catch (JsonException)
        {
            // A proxy or a wrong AWS_ENDPOINT_URL_ECR answers with HTML or text: the status is all there is.
        }
        if (!string.IsNullOrWhiteSpace(errorTypeHeader))
        {
            code = errorTypeHeader;
        }
        code = code.Split(':')[0];
        code = code[(code.LastIndexOf('#') + 1)..].Trim();
        return new EcrApiError(status, code, message);
    }

    /// <summary>The exception for an error answer: transient ones wrap their final coded error for the retry loop.</summary>
    public static Exception ToException(EcrApiError error, EcrCallContext call, IEnumerable<string?> secrets)
    {
        var said = string.IsNullOrEmpty(error.Code)
            ? $"HTTP {(int)error.Status}"
            : $"{error.Code}: {Redact(error.Message, secrets)}".TrimEnd(' ', ':');
        var at = $"while calling {call.Action} at {call.Endpoint} (region {call.Region}; credentials from {call.CredentialSource})";

        switch (error.Code)
        {
            case "UnrecognizedClientException" or "InvalidClientTokenId" or "MissingAuthenticationToken" or "IncompleteSignature":
                return new LambdaSlimException("LSLIM3502",
                    $"AWS did not recognise the access key ({said}) {at}. Check AWS_ACCESS_KEY_ID / the profile's aws_access_key_id, and that the key is active and belongs to the partition of the registry (aws, aws-cn, aws-us-gov).");
            case "InvalidSignatureException" or "SignatureDoesNotMatch":
                return new LambdaSlimException("LSLIM3503",
                    $"AWS rejected the request signature ({said}) {at}. Check that the secret access key matches the access key id, and that this machine's clock is correct (SigV4 allows 5 minutes of skew).");
            case "ExpiredTokenException" or "ExpiredToken" or "RequestExpired" or "TokenRefreshRequired":
                return new LambdaSlimException("LSLIM3504",
                    $"The AWS credentials or the request have expired ({said}) {at}. Refresh the temporary credentials (`aws sso login`, assume the role again, or renew AWS_SESSION_TOKEN) and check this machine's clock.");
            case "AccessDeniedException" or "AccessDenied" or "UnauthorizedOperation":
                return new LambdaSlimException(AccessDeniedCode,
                    $"AWS denied {call.IamAction}{(call.Repository is null ? "" : $" on repository '{call.Repository}'")} ({said}) {at}. Grant the identity {call.IamAction} (the AWS managed policy AmazonEC2ContainerRegistryPowerUser covers pushing and creating repositories), or check the repository policy and any SCP.");
            case "InvalidParameterException" or "ValidationException" or "InvalidTagParameterException" or "SerializationException":
                return new LambdaSlimException("LSLIM3508",
                    $"ECR rejected the request ({said}) {at}{(call.Repository is null ? "" : $" for repository '{call.Repository}'")}. Check ContainerRepository: ECR names are 2-256 lower-case letters, digits and . _ - / separators.");
            case "LimitExceededException":
                return new LambdaSlimException("LSLIM3511",
                    $"ECR refused to create repository '{call.Repository}' because an account limit was reached ({said}) {at}. Delete unused repositories or ask AWS for a higher quota, or create the repository yourself and set LambdaEcrCreateRepository=false.");
            case "ThrottlingException" or "Throttling" or "TooManyRequestsException" or "ServerException" or "InternalFailure" or "ServiceUnavailable" or "ServiceUnavailableException":
                return Transient(said, at);
        }
        if ((int)error.Status >= 500 || error.Status == HttpStatusCode.TooManyRequests)
        {
            return Transient(said, at);
        }
        return new LambdaSlimException("LSLIM3512",
            string.IsNullOrEmpty(error.Code)
                ? $"The ECR API answered HTTP {(int)error.Status} without an AWS error code {at}. Check that {call.Endpoint} is the ECR API (AWS_ENDPOINT_URL_ECR / AWS_ENDPOINT_URL) and not a proxy or another service."
                : $"ECR refused the request ({said}) {at}. Check the registry host, the region and the repository name.");
    }

    private static EcrTransientException Transient(string said, string at) => new(new LambdaSlimException("LSLIM3509",
        $"ECR kept failing or throttling ({said}) {at}, after several attempts. Wait a moment and run the build again."));

    /// <summary>
    /// The first line of an AWS message, at most 300 characters, with every secret in use replaced by ***.
    /// AWS messages are data from the network: they are never trusted to be free of key material.
    /// </summary>
    public static string Redact(string message, IEnumerable<string?> secrets)
    {
        // Scrub before cutting, so a cut cannot leave the visible half of a secret.
        foreach (var secret in secrets)
        {
            if (!string.IsNullOrEmpty(secret) && secret.Length >= 4)
            {
                message = message.Replace(secret, "***", StringComparison.Ordinal);
            }
        }
        var firstLine = message.ReplaceLineEndings("\n").Trim().Split('\n')[0].Trim();
        return firstLine.Length > 300 ? firstLine[..300] + "…" : firstLine;
    }
}
