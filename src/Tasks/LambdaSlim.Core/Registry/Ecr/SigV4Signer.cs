using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LambdaSlim.Core.Registry.Ecr;

/// <summary>
/// A request as AWS Signature Version 4 sees it. <see cref="Headers"/> are exactly the headers to sign, with
/// the values that go on the wire; they must include <c>host</c> and <c>x-amz-date</c> (and
/// <c>x-amz-security-token</c> for temporary credentials). A header name may repeat.
/// </summary>
public sealed record SigV4Request(string Method, Uri Uri, IReadOnlyList<KeyValuePair<string, string>> Headers, ReadOnlyMemory<byte> Body);

/// <summary>Every intermediate value of a signature, so tests can compare each with AWS's published vectors.</summary>
public sealed record SigV4Signature(string CanonicalRequest, string StringToSign, string SignedHeaders, string Signature, string Authorization);

/// <summary>
/// AWS Signature Version 4 for header-signed requests to services other than S3 (ECR's JSON API), written from
/// the specification and checked byte for byte against AWS's published test suite (aws-sig-v4-test-suite).
/// AWSSDK.Core's public <c>AWSSigV4Signer</c> always adds and signs <c>x-amz-content-sha256</c> and does not
/// expose its canonical request, so it can reproduce neither the published vectors nor a server-side check;
/// the tests use it as a second, independent opinion instead.
/// </summary>
public static class SigV4Signer
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>The <c>x-amz-date</c> format: ISO 8601 basic, UTC, seconds (e.g. <c>20150830T123600Z</c>).</summary>
    public const string AmzDateFormat = "yyyyMMdd'T'HHmmss'Z'";

    public static string FormatAmzDate(DateTimeOffset time) => time.UtcDateTime.ToString(AmzDateFormat, CultureInfo.InvariantCulture);

    /// <summary>Signs <paramref name="request"/> as of <paramref name="time"/> (which must match its x-amz-date header).</summary>
    public static SigV4Signature Sign(SigV4Request request, AwsSigningCredentials credentials, string region, string service, DateTimeOffset time)
    {
        var amzDate = FormatAmzDate(time);
        var date = amzDate[..8];
        var scope = $"{date}/{region}/{service}/aws4_request";

        var (canonicalHeaders, signedHeaders) = CanonicalHeaders(request.Headers);
        var canonicalRequest = string.Join('\n',
            request.Method.ToUpperInvariant(),
            CanonicalUri(request.Uri),
            CanonicalQuery(request.Uri),
            canonicalHeaders,
            signedHeaders,
            HexSha256(request.Body.Span));
        var stringToSign = string.Join('\n', Algorithm, amzDate, scope, HexSha256(Encoding.UTF8.GetBytes(canonicalRequest)));

        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + credentials.SecretAccessKey), date);
        key = Hmac(key, region);
        key = Hmac(key, service);
        key = Hmac(key, "aws4_request");
        var signature = Convert.ToHexStringLower(Hmac(key, stringToSign));

        var authorization = $"{Algorithm} Credential={credentials.AccessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}";
        return new SigV4Signature(canonicalRequest, stringToSign, signedHeaders, signature, authorization);
    }

    /// <summary>Lower-case hex SHA-256, the payload hash of the canonical request.</summary>
    public static string HexSha256(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>
    /// Header names lower-cased and sorted; values trimmed, inner runs of spaces collapsed to one (even inside
    /// quotes, as the suite's get-header-value-trim says); a repeated name joins its values with commas in the
    /// order they were given. The block ends with a newline, so the canonical request has an empty line after it.
    /// </summary>
    private static (string Block, string SignedHeaders) CanonicalHeaders(IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        var byName = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (name, value) in headers)
        {
            var key = name.Trim().ToLowerInvariant();
            if (!byName.TryGetValue(key, out var values))
            {
                byName[key] = values = [];
            }
            values.Add(CollapseSpaces(value));
        }
        var block = new StringBuilder();
        foreach (var (name, values) in byName)
        {
            block.Append(name).Append(':').Append(string.Join(',', values)).Append('\n');
        }
        return (block.ToString(), string.Join(';', byName.Keys));
    }

    private static string CollapseSpaces(string value)
    {
        var builder = new StringBuilder(value.Length);
        var pendingSpace = false;
        foreach (var c in value.Trim())
        {
            if (c is ' ' or '\t')
            {
                pendingSpace = true;
                continue;
            }
            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }
            builder.Append(c);
        }
        return builder.ToString();
    }

    /// <summary>
    /// Every path segment URI-encoded once more from its wire form (services other than S3 sign the encoded path
    /// encoded again). An empty path is "/".
    /// </summary>
    private static string CanonicalUri(Uri uri)
    {
        var path = uri.AbsolutePath;
        if (path.Length == 0)
        {
            return "/";
        }
        return string.Join('/', path.Split('/').Select(segment => UriEncode(segment)));
    }

    /// <summary>Query parameters decoded, then each name and value encoded and the pairs sorted by name, then value.</summary>
    private static string CanonicalQuery(Uri uri)
    {
        var query = uri.Query.TrimStart('?');
        if (query.Length == 0)
        {
            return "";
        }
        return string.Join('&', query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair =>
            {
                var equals = pair.IndexOf('=');
                var name = equals < 0 ? pair : pair[..equals];
                var value = equals < 0 ? "" : pair[(equals + 1)..];
                return (Name: UriEncode(Uri.UnescapeDataString(name)), Value: UriEncode(Uri.UnescapeDataString(value)));
            })
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={p.Value}"));
    }

    /// <summary>RFC 3986 percent-encoding of UTF-8 bytes with upper-case hex; only A-Z a-z 0-9 - . _ ~ stay as they are.</summary>
    private static string UriEncode(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }
        return builder.ToString();
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));
}
