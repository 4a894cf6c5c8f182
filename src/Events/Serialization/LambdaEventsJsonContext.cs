using System.Text.Json;
using System.Text.Json.Serialization;

namespace LambdaSlim.Events;

/// <summary>
/// Source-generated System.Text.Json metadata for every event and response type of LambdaSlim.Events: AOT- and
/// trim-safe. Pass its type infos to the runtime client (<c>LambdaEventsJsonContext.Default.SQSEvent</c>), or chain it
/// with your own context: <c>JsonTypeInfoResolver.Combine(YourContext.Default, LambdaEventsJsonContext.Default)</c>.
/// For a typed EventBridge detail, put <c>CloudWatchEvent&lt;YourDetail&gt;</c> in your own context.
/// Null members are left out when writing, as AWS leaves them out.
/// <para>
/// A context roots the metadata of every type it lists, so a function that uses this one carries all the events
/// (about 0.5 MB of bootstrap and a millisecond of cold start over naming only the events it reads in its own
/// context, measured in docs/performance.md). Metadata-only generation: the fast-path serialisers would add size and
/// start time for answers that are small.
/// </para>
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, GenerationMode = JsonSourceGenerationMode.Metadata)]
[JsonSerializable(typeof(APIGatewayProxyRequest))]
[JsonSerializable(typeof(APIGatewayProxyResponse))]
[JsonSerializable(typeof(APIGatewayHttpApiV2ProxyRequest))]
[JsonSerializable(typeof(APIGatewayHttpApiV2ProxyResponse))]
[JsonSerializable(typeof(ApplicationLoadBalancerRequest))]
[JsonSerializable(typeof(ApplicationLoadBalancerResponse))]
[JsonSerializable(typeof(SQSEvent))]
[JsonSerializable(typeof(SQSBatchResponse))]
[JsonSerializable(typeof(SNSEvent))]
[JsonSerializable(typeof(S3Event))]
[JsonSerializable(typeof(CloudWatchEvent<JsonElement>))]
[JsonSerializable(typeof(ScheduledEvent))]
[JsonSerializable(typeof(DynamoDBEvent))]
[JsonSerializable(typeof(StreamsEventResponse))]
[JsonSerializable(typeof(KinesisEvent))]
[JsonSerializable(typeof(KinesisFirehoseEvent))]
[JsonSerializable(typeof(KinesisFirehoseResponse))]
[JsonSerializable(typeof(CloudWatchLogsEvent))]
[JsonSerializable(typeof(CloudWatchLogsData))]
// Nested types that share a name in different events need their own property names here.
[JsonSerializable(typeof(APIGatewayProxyRequest.ProxyRequestContext), TypeInfoPropertyName = "APIGatewayProxyRequestContext")]
[JsonSerializable(typeof(APIGatewayProxyRequest.ProxyRequestClientCert), TypeInfoPropertyName = "APIGatewayProxyRequestClientCert")]
[JsonSerializable(typeof(APIGatewayProxyRequest.ClientCertValidity), TypeInfoPropertyName = "APIGatewayProxyClientCertValidity")]
[JsonSerializable(typeof(APIGatewayHttpApiV2ProxyRequest.ProxyRequestContext), TypeInfoPropertyName = "APIGatewayHttpApiV2ProxyRequestContext")]
[JsonSerializable(typeof(APIGatewayHttpApiV2ProxyRequest.ProxyRequestClientCert), TypeInfoPropertyName = "APIGatewayHttpApiV2ProxyRequestClientCert")]
[JsonSerializable(typeof(APIGatewayHttpApiV2ProxyRequest.ClientCertValidity), TypeInfoPropertyName = "APIGatewayHttpApiV2ClientCertValidity")]
[JsonSerializable(typeof(SQSBatchResponse.BatchItemFailure), TypeInfoPropertyName = "SQSBatchItemFailure")]
[JsonSerializable(typeof(StreamsEventResponse.BatchItemFailure), TypeInfoPropertyName = "StreamsBatchItemFailure")]
[JsonSerializable(typeof(SQSEvent.MessageAttribute), TypeInfoPropertyName = "SQSMessageAttribute")]
[JsonSerializable(typeof(SNSEvent.MessageAttribute), TypeInfoPropertyName = "SNSMessageAttribute")]
[JsonSerializable(typeof(KinesisFirehoseEvent.FirehoseRecord), TypeInfoPropertyName = "KinesisFirehoseEventRecord")]
[JsonSerializable(typeof(KinesisFirehoseResponse.FirehoseRecord), TypeInfoPropertyName = "KinesisFirehoseResponseRecord")]
[JsonSerializable(typeof(IList<KinesisFirehoseEvent.FirehoseRecord>), TypeInfoPropertyName = "KinesisFirehoseEventRecords")]
[JsonSerializable(typeof(IList<KinesisFirehoseResponse.FirehoseRecord>), TypeInfoPropertyName = "KinesisFirehoseResponseRecords")]
public partial class LambdaEventsJsonContext : JsonSerializerContext;
