using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using LambdaSlim.Events.Serialization;

namespace LambdaSlim.Events;

/// <summary>
/// Log events from a CloudWatch Logs subscription filter. The payload arrives gzip-compressed and base64-encoded in
/// <c>awslogs.data</c>; <see cref="Log.DecodeLogs"/> returns it as <see cref="CloudWatchLogsData"/>.
/// </summary>
public class CloudWatchLogsEvent
{
    [JsonPropertyName("awslogs")] public Log? Awslogs { get; set; }

    /// <summary>The encoded payload.</summary>
    public class Log
    {
        /// <summary>The payload: gzip, then base64.</summary>
        [JsonPropertyName("data")] public string? EncodedData { get; set; }

        /// <summary>The payload's JSON text (decoded and decompressed); empty when there is no data.</summary>
        public string DecodeData() => Encoding.UTF8.GetString(Decompress());

        /// <summary>The payload, decoded, decompressed and read.</summary>
        public CloudWatchLogsData DecodeLogs()
        {
            byte[] json = Decompress();
            try
            {
                return JsonSerializer.Deserialize(json, CloudWatchLogsJsonContext.Default.CloudWatchLogsData)
                    ?? throw new JsonException("the payload is JSON null");
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{EventsErrorCodes.InvalidLogsPayload}: the CloudWatch Logs payload is not a log data message ({e.Message}). " +
                    "Check that the event comes from a subscription filter.", e);
            }
        }

        private byte[] Decompress()
        {
            byte[] compressed = Base64Text.Decode(EncodedData, "CloudWatch Logs data (awslogs.data)");
            if (compressed.Length == 0)
            {
                return [];
            }
            try
            {
                using var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
                using var json = new MemoryStream();
                gzip.CopyTo(json);
                return json.ToArray();
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"{EventsErrorCodes.InvalidLogsPayload}: the CloudWatch Logs data is base64 but not gzip ({e.Message}). " +
                    "Subscription filters always gzip it; a hand-written test event must gzip the JSON, then base64-encode it.", e);
            }
        }
    }
}

/// <summary>What a subscription filter delivers: the log group and stream, and a batch of log events.</summary>
public class CloudWatchLogsData
{
    /// <summary><c>DATA_MESSAGE</c>, or <c>CONTROL_MESSAGE</c> when CloudWatch Logs checks that the destination is reachable.</summary>
    [JsonPropertyName("messageType")] public string? MessageType { get; set; }

    /// <summary>The account that owns the log group.</summary>
    [JsonPropertyName("owner")] public string? Owner { get; set; }

    [JsonPropertyName("logGroup")] public string? LogGroup { get; set; }
    [JsonPropertyName("logStream")] public string? LogStream { get; set; }
    [JsonPropertyName("subscriptionFilters")] public List<string>? SubscriptionFilters { get; set; }
    [JsonPropertyName("logEvents")] public List<CloudWatchLogsLogEvent>? LogEvents { get; set; }

    /// <summary>Set for account-level subscription filters (<c>ACCOUNT_LEVEL_POLICY</c>).</summary>
    [JsonPropertyName("policyLevel")] public string? PolicyLevel { get; set; }
}

/// <summary>One log line.</summary>
public class CloudWatchLogsLogEvent
{
    [JsonPropertyName("id")] public string? Id { get; set; }

    /// <summary>Unix milliseconds.</summary>
    [JsonPropertyName("timestamp")] public long Timestamp { get; set; }

    [JsonPropertyName("message")] public string? Message { get; set; }
}
