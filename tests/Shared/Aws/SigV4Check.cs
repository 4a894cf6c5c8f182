using System.Globalization;
using System.Text.RegularExpressions;
using LambdaSlim.Core.Registry.Ecr;

namespace LambdaSlim.Tests.Shared.Aws;

/// <summary>
/// The server side of AWS Signature Version 4, as AWS services check it: the Authorization header's key, scope and
/// signed headers, the session token, the clock, and the signature recomputed from the received bytes with the known
/// secret. For test endpoints that stand where an AWS API would (ECR's, DynamoDB's). Linked into the test projects
/// that reference LambdaSlim.Core (its signer computes the expected signature).
/// </summary>
public sealed partial class SigV4Check(AwsSigningCredentials expected, string region, string service, params string[] requiredSignedHeaders)
{
    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=(?<key>[^/]+)/(?<date>\d{8})/(?<region>[^/]+)/(?<service>[^/]+)/aws4_request, ?SignedHeaders=(?<signed>[a-z0-9;-]+), ?Signature=(?<signature>[0-9a-f]{64})$")]
    private static partial Regex AuthorizationHeader();

    /// <summary>Null when the request is signed right; otherwise what is wrong, in words.</summary>
    public string? Problem(string method, Uri url, IReadOnlyDictionary<string, string> headers, byte[] body)
    {
        var match = AuthorizationHeader().Match(headers.GetValueOrDefault("Authorization", ""));
        if (!match.Success)
        {
            return "no well-formed AWS4-HMAC-SHA256 Authorization header";
        }
        if (match.Groups["key"].Value != expected.AccessKeyId)
        {
            return "unknown key " + match.Groups["key"].Value;
        }
        if (match.Groups["region"].Value != region || match.Groups["service"].Value != service)
        {
            return $"wrong scope {match.Groups["region"].Value}/{match.Groups["service"].Value}";
        }
        var signedNames = match.Groups["signed"].Value.Split(';');
        foreach (var required in new[] { "host", "x-amz-date" }.Concat(requiredSignedHeaders))
        {
            if (!signedNames.Contains(required))
            {
                return $"{required} is not signed";
            }
        }
        if (expected.SessionToken is not null
            && (!signedNames.Contains("x-amz-security-token") || headers.GetValueOrDefault("X-Amz-Security-Token") != expected.SessionToken))
        {
            return "the security token is missing, wrong or unsigned";
        }
        if (!DateTimeOffset.TryParseExact(headers.GetValueOrDefault("X-Amz-Date"), SigV4Signer.AmzDateFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            || time.ToString("yyyyMMdd", CultureInfo.InvariantCulture) != match.Groups["date"].Value)
        {
            return "x-amz-date is missing or does not match the credential scope";
        }
        if ((time - DateTimeOffset.UtcNow).Duration() > TimeSpan.FromMinutes(15))
        {
            return "x-amz-date is too far from now";
        }
        var signedHeaders = new List<KeyValuePair<string, string>>();
        foreach (var name in signedNames)
        {
            if (!headers.TryGetValue(name, out var value))
            {
                return $"signed header {name} was not sent";
            }
            signedHeaders.Add(new(name, value));
        }
        var recomputed = SigV4Signer.Sign(new SigV4Request(method, url, signedHeaders, body), expected, region, service, time);
        return recomputed.Signature == match.Groups["signature"].Value ? null : "signature mismatch";
    }
}
