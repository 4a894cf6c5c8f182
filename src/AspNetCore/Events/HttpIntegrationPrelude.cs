using System.Text.Json;
using System.Text.Json.Serialization;

namespace LambdaSlim.AspNetCore.Events;

/// <summary>
/// The head of a streamed HTTP response (function URLs and other HTTP integrations in streaming mode): this JSON,
/// eight NUL bytes, then the body, all under the Content-Type <see cref="ContentType"/>.
/// </summary>
internal sealed class HttpIntegrationPrelude
{
    public const string ContentType = "application/vnd.awslambda.http-integration-response";

    /// <summary>Ends the prelude: the body starts after these.</summary>
    public static ReadOnlySpan<byte> Separator => [0, 0, 0, 0, 0, 0, 0, 0];

    [JsonPropertyName("statusCode")] public int StatusCode { get; set; }
    [JsonPropertyName("headers")] public IDictionary<string, string>? Headers { get; set; }
    [JsonPropertyName("cookies")] public string[]? Cookies { get; set; }

    /// <summary>The prelude's JSON followed by the separator.</summary>
    public byte[] ToBytes()
    {
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(this, HttpEventJsonContext.Default.HttpIntegrationPrelude);
        byte[] bytes = new byte[json.Length + Separator.Length];
        json.CopyTo(bytes, 0);
        return bytes;
    }
}
