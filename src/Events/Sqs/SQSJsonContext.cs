using System.Text.Json.Serialization;

namespace LambdaSlim.Events;

/// <summary>
/// The SQS batch handler's own metadata. Not <see cref="LambdaEventsJsonContext"/>: a context roots the metadata of
/// every type it lists, so an SQS function would carry every event of the library (about 0.5 MB of bootstrap and a
/// millisecond of start, measured in docs/performance.md).
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, GenerationMode = JsonSourceGenerationMode.Metadata)]
[JsonSerializable(typeof(SQSEvent))]
[JsonSerializable(typeof(SQSBatchResponse))]
internal sealed partial class SQSJsonContext : JsonSerializerContext;
