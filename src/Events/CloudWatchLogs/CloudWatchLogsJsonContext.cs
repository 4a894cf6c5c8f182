using System.Text.Json.Serialization;

namespace LambdaSlim.Events;

/// <summary>
/// The metadata <see cref="CloudWatchLogsEvent.Log.DecodeLogs"/> reads the payload with; its own so that decoding logs
/// does not root every event of <see cref="LambdaEventsJsonContext"/> in the function.
/// </summary>
[JsonSourceGenerationOptions(GenerationMode = JsonSourceGenerationMode.Metadata)]
[JsonSerializable(typeof(CloudWatchLogsData))]
internal sealed partial class CloudWatchLogsJsonContext : JsonSerializerContext;
