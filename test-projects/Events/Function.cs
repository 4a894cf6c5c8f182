// Reads every event type of LambdaSlim.Events, for the NativeAOT round-trip tests. The client context names the
// sample ({"custom":{"event":"sqs"}}); the function deserialises the event with LambdaEventsJsonContext and answers
//   {"event":"sqs","roundTrip":<the event serialised back>,"facts":{...what the helpers read from it...}}
// "sqs-batch" runs the SQS batch handler over an SQS event, failing the messages whose body says "refunded".
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using LambdaSlim.Events;
using LambdaSlim.Runtime;

namespace Events;

public static class Function
{
    public static Task Main() => LambdaRuntime.RunAsync(HandleAsync);

    private static async Task<ReadOnlyMemory<byte>> HandleAsync(ReadOnlyMemory<byte> payload, ILambdaContext context)
    {
        string name = SampleName(context);
        var facts = new Dictionary<string, string>();
        JsonElement roundTrip = name switch
        {
            "apigw-v1" => Read(payload, LambdaEventsJsonContext.Default.APIGatewayProxyRequest, e =>
            {
                facts["stage"] = e.RequestContext!.Stage!;
                facts["contextPath"] = e.RequestContext.Path!;
                facts["sourceIp"] = e.RequestContext.Identity!.SourceIp!;
                facts["x-tag"] = e.GetHeader("x-tag")!;
                facts["x-tag values"] = string.Join('|', e.GetHeaderValues("X-TAG"));
                facts["expand"] = string.Join('|', e.MultiValueQueryStringParameters!["expand"]);
                facts["email claim"] = e.RequestContext.Authorizer!.Claims["email"];
                facts["body"] = e.GetBodyText();
            }),
            "apigw-v2" => Read(payload, LambdaEventsJsonContext.Default.APIGatewayHttpApiV2ProxyRequest, e =>
            {
                facts["method"] = e.RequestContext!.Http!.Method!;
                facts["rawQueryString"] = e.RawQueryString!;
                facts["cookies"] = string.Join('|', e.Cookies!);
                facts["content-type"] = e.GetHeader("Content-Type")!;
                facts["item"] = e.DeserializeBody(ProbeJsonContext.Default.JsonElement).GetProperty("item").GetString()!;
            }),
            "function-url" => Read(payload, LambdaEventsJsonContext.Default.APIGatewayHttpApiV2ProxyRequest, e =>
            {
                facts["body"] = Convert.ToHexString(e.GetBodyBytes());
                facts["userArn"] = e.RequestContext!.Authorizer!.IAM!.UserARN!;
                facts["stage"] = e.RequestContext.Stage!;
            }),
            "alb" or "alb-multi" => Read(payload, LambdaEventsJsonContext.Default.ApplicationLoadBalancerRequest, e =>
            {
                facts["cookie values"] = string.Join('|', e.GetHeaderValues("Cookie"));
                facts["content-type"] = e.GetHeader("CONTENT-TYPE") ?? "";
                facts["body"] = e.GetBodyText();
                facts["targetGroupArn"] = e.RequestContext!.Elb!.TargetGroupArn!;
            }),
            "sqs" => Read(payload, LambdaEventsJsonContext.Default.SQSEvent, e =>
            {
                facts["messages"] = e.Records!.Count.ToString();
                facts["signature"] = Convert.ToHexString(e.Records[0].MessageAttributes!["signature"].BinaryValue!.ToArray());
                facts["body"] = e.Records[0].Body!;
            }),
            "sqs-batch" => await BatchAsync(payload, context, facts),
            "sns" => Read(payload, LambdaEventsJsonContext.Default.SNSEvent, e =>
            {
                facts["timestamp"] = e.Records![0].Sns!.Timestamp.ToString("O");
                facts["weight"] = e.Records[0].Sns!.MessageAttributes!["weight"].Value!;
            }),
            "s3" => Read(payload, LambdaEventsJsonContext.Default.S3Event, e =>
            {
                facts["key"] = e.Records![0].S3!.Object!.Key!;
                facts["size"] = e.Records[0].S3!.Object!.Size.ToString();
                facts["eventTime"] = e.Records[0].EventTime.ToString("O");
            }),
            "eventbridge" => Read(payload, LambdaEventsJsonContext.Default.CloudWatchEventJsonElement, e =>
            {
                facts["detail-type"] = e.DetailType!;
                facts["orderId"] = e.Detail.GetProperty("orderId").GetString()!;
            }),
            "scheduled" => Read(payload, LambdaEventsJsonContext.Default.ScheduledEvent, e =>
            {
                facts["rule"] = e.Resources![0];
                facts["time"] = e.Time.ToString("O");
            }),
            "dynamodb" => Read(payload, LambdaEventsJsonContext.Default.DynamoDBEvent, e =>
            {
                var record = e.Records![0].Dynamodb!;
                facts["types"] = string.Join(',', record.NewImage!.Select(a => $"{a.Key}:{a.Value.Type}"));
                facts["gift"] = $"{record.NewImage!["gift"].Type}={record.NewImage["gift"].BOOL}";
                facts["thumbnail"] = Convert.ToHexString(record.NewImage["thumbnail"].B!.ToArray());
                facts["city"] = record.NewImage["customer"].M!["address"].M!["city"].S!;
                facts["items"] = string.Join(',', record.NewImage["items"].L!.Select(v => v.Type));
                facts["created"] = record.ApproximateCreationDateTime.ToString("O");
                facts["ttl principal"] = e.Records[1].UserIdentity!.PrincipalId!;
            }),
            "kinesis" => Read(payload, LambdaEventsJsonContext.Default.KinesisEvent, e =>
            {
                facts["data"] = Encoding.UTF8.GetString(e.Records![0].Kinesis!.Data!.ToArray());
                facts["binary"] = Convert.ToHexString(e.Records[1].Kinesis!.Data!.ToArray());
                facts["arrival"] = e.Records[0].Kinesis!.ApproximateArrivalTimestamp.ToString("O");
            }),
            "firehose" => Read(payload, LambdaEventsJsonContext.Default.KinesisFirehoseEvent, e =>
            {
                facts["data"] = e.Records![0].DecodeData();
                facts["arrival"] = e.Records[0].ApproximateArrivalTimestamp.ToString("O");
            }),
            "cloudwatch-logs" => Read(payload, LambdaEventsJsonContext.Default.CloudWatchLogsEvent, e =>
            {
                CloudWatchLogsData logs = e.Awslogs!.DecodeLogs();
                facts["logGroup"] = logs.LogGroup!;
                facts["messages"] = string.Join(" | ", logs.LogEvents!.Select(l => l.Message));
            }),
            _ => throw new ArgumentException($"No sample named '{name}'."),
        };
        var answer = new ProbeAnswer(name, roundTrip, facts);
        return JsonSerializer.SerializeToUtf8Bytes(answer, ProbeJsonContext.Default.ProbeAnswer);
    }

    /// <summary>Deserialises the event, lets <paramref name="inspect"/> read it, and serialises it back.</summary>
    private static JsonElement Read<T>(ReadOnlyMemory<byte> payload, JsonTypeInfo<T> type, Action<T> inspect)
    {
        T value = JsonSerializer.Deserialize(payload.Span, type)!;
        inspect(value);
        return JsonSerializer.SerializeToElement(value, type);
    }

    private static async Task<JsonElement> BatchAsync(ReadOnlyMemory<byte> payload, ILambdaContext context, Dictionary<string, string> facts)
    {
        SQSEvent batch = JsonSerializer.Deserialize(payload.Span, LambdaEventsJsonContext.Default.SQSEvent)!;
        var handler = SQSBatchHandler.Create((message, _) => message.Body!.Contains("refunded")
            ? throw new InvalidOperationException($"cannot handle {message.MessageId}")
            : Task.CompletedTask);
        SQSBatchResponse response = await handler(batch, context);
        facts["failed"] = string.Join('|', response.BatchItemFailures.Select(f => f.ItemIdentifier));
        return JsonSerializer.SerializeToElement(response, LambdaEventsJsonContext.Default.SQSBatchResponse);
    }

    private static string SampleName(ILambdaContext context)
    {
        using JsonDocument clientContext = JsonDocument.Parse(context.ClientContext ?? throw new ArgumentException("Send the sample name in the client context."));
        return clientContext.RootElement.GetProperty("custom").GetProperty("event").GetString()!;
    }
}

public sealed record ProbeAnswer(string Event, JsonElement RoundTrip, Dictionary<string, string> Facts);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ProbeAnswer))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class ProbeJsonContext : JsonSerializerContext;
