// The everyday library calls that load data and native code at run time on Linux: time-zone conversion (reads
// /usr/share/zoneinfo), SHA-256 and HMAC (OpenSSL's libcrypto), gzip (zlib), and culture formatting (ICU, only
// when published with LambdaGlobalization=Icu; invariant otherwise).
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using LambdaSlim.Runtime;

await LambdaRuntime.RunAsync((ToolboxRequest request, ILambdaContext context) =>
{
    var berlin = TimeZoneInfo.FindSystemTimeZoneById(request.TimeZone);
    string Local(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(utc, berlin).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture)
        + " " + berlin.GetUtcOffset(utc).ToString("c", CultureInfo.InvariantCulture);

    var text = Encoding.UTF8.GetBytes(request.Text);
    var sha256 = Convert.ToHexStringLower(SHA256.HashData(text));
    var hmac = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(request.Key), text));

    using var packed = new MemoryStream();
    using (var gzip = new GZipStream(packed, CompressionLevel.SmallestSize, leaveOpen: true))
    {
        gzip.Write(text);
    }
    using var unpacked = new MemoryStream();
    using (var gunzip = new GZipStream(new MemoryStream(packed.ToArray()), CompressionMode.Decompress))
    {
        gunzip.CopyTo(unpacked);
    }

    return Task.FromResult(new ToolboxAnswer(
        Local(new DateTime(2026, 7, 1, 12, 0, 0, DateTimeKind.Utc)),
        Local(new DateTime(2026, 1, 15, 12, 0, 0, DateTimeKind.Utc)),
        sha256,
        hmac,
        packed.Length,
        unpacked.ToArray().AsSpan().SequenceEqual(text),
        Formatted(request.Culture)));
}, ToolboxJson.Default.ToolboxRequest, ToolboxJson.Default.ToolboxAnswer);

// A number and a date in the culture asked for; "invariant" when culture data is not in the build.
static string Formatted(string culture)
{
    try
    {
        var info = CultureInfo.GetCultureInfo(culture);
        return 1234.5.ToString("N2", info) + " " + new DateTime(2026, 12, 3).ToString("d", info);
    }
    catch (CultureNotFoundException)
    {
        return "invariant";
    }
}

internal sealed record ToolboxRequest(string TimeZone, string Text, string Key, string Culture);

internal sealed record ToolboxAnswer(string Summer, string Winter, string Sha256, string Hmac, long GzipBytes, bool GzipRoundTrip, string Formatted);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ToolboxRequest))]
[JsonSerializable(typeof(ToolboxAnswer))]
internal sealed partial class ToolboxJson : JsonSerializerContext;
