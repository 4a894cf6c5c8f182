using System.Text.Json.Serialization;
using LambdaSlim.Events.Serialization;

namespace LambdaSlim.Events;

/// <summary>A batch of DynamoDB Streams records.</summary>
public class DynamoDBEvent
{
    [JsonPropertyName("Records")] public IList<DynamodbStreamRecord>? Records { get; set; }

    /// <summary>One change to one item.</summary>
    public class DynamodbStreamRecord
    {
        [JsonPropertyName("eventID")] public string? EventID { get; set; }

        /// <summary><c>INSERT</c>, <c>MODIFY</c> or <c>REMOVE</c>.</summary>
        [JsonPropertyName("eventName")] public string? EventName { get; set; }

        [JsonPropertyName("eventVersion")] public string? EventVersion { get; set; }

        /// <summary><c>aws:dynamodb</c>.</summary>
        [JsonPropertyName("eventSource")] public string? EventSource { get; set; }

        [JsonPropertyName("awsRegion")] public string? AwsRegion { get; set; }

        [JsonPropertyName("dynamodb")] public StreamRecord? Dynamodb { get; set; }

        /// <summary>The stream's ARN.</summary>
        [JsonPropertyName("eventSourceARN")] public string? EventSourceArn { get; set; }

        /// <summary>Set for deletions by Time to Live: type <c>Service</c>, principal <c>dynamodb.amazonaws.com</c>.</summary>
        [JsonPropertyName("userIdentity")] public Identity? UserIdentity { get; set; }
    }

    /// <summary>The change: keys, the item before and/or after (as the stream view type says), sequence number.</summary>
    public class StreamRecord
    {
        /// <summary>When the change was made (Unix seconds in the event), UTC.</summary>
        [JsonPropertyName("ApproximateCreationDateTime"), JsonConverter(typeof(EpochSecondsDateTimeConverter))]
        public DateTime ApproximateCreationDateTime { get; set; }

        [JsonPropertyName("Keys")] public Dictionary<string, AttributeValue>? Keys { get; set; }
        [JsonPropertyName("NewImage")] public Dictionary<string, AttributeValue>? NewImage { get; set; }
        [JsonPropertyName("OldImage")] public Dictionary<string, AttributeValue>? OldImage { get; set; }

        /// <summary>The position in the shard; what a partial batch failure reports.</summary>
        [JsonPropertyName("SequenceNumber")] public string? SequenceNumber { get; set; }

        [JsonPropertyName("SizeBytes")] public long SizeBytes { get; set; }

        /// <summary><c>KEYS_ONLY</c>, <c>NEW_IMAGE</c>, <c>OLD_IMAGE</c> or <c>NEW_AND_OLD_IMAGES</c>.</summary>
        [JsonPropertyName("StreamViewType")] public string? StreamViewType { get; set; }
    }

    /// <summary>Who made a change (only set for Time to Live deletions).</summary>
    public class Identity
    {
        [JsonPropertyName("principalId")] public string? PrincipalId { get; set; }
        [JsonPropertyName("type")] public string? Type { get; set; }
    }

    /// <summary>
    /// A DynamoDB attribute value: a union of exactly one of the types below, as DynamoDB's JSON writes it
    /// (<c>{"S":"text"}</c>, <c>{"N":"42"}</c>, <c>{"M":{…}}</c>…). Setting a member makes it the value's type;
    /// <see cref="Type"/> tells which one it is, so <c>BOOL</c> false and <c>NULL</c> are told apart from absent.
    /// </summary>
    [JsonConverter(typeof(DynamoDBAttributeValueConverter))]
    public class AttributeValue
    {
        private object? _value;

        /// <summary>Which member holds the value (<see cref="AttributeValueType.None"/> for a new, empty value).</summary>
        public AttributeValueType Type { get; private set; }

        /// <summary>String.</summary>
        public string? S { get => Get<string>(AttributeValueType.S); set => Set(AttributeValueType.S, value); }

        /// <summary>Number, as DynamoDB sends it: a decimal string of up to 38 digits.</summary>
        public string? N { get => Get<string>(AttributeValueType.N); set => Set(AttributeValueType.N, value); }

        /// <summary>Binary (base64 in the event).</summary>
        public MemoryStream? B { get => Get<MemoryStream>(AttributeValueType.B); set => Set(AttributeValueType.B, value); }

        /// <summary>String set.</summary>
        public List<string>? SS { get => Get<List<string>>(AttributeValueType.SS); set => Set(AttributeValueType.SS, value); }

        /// <summary>Number set.</summary>
        public List<string>? NS { get => Get<List<string>>(AttributeValueType.NS); set => Set(AttributeValueType.NS, value); }

        /// <summary>Binary set.</summary>
        public List<MemoryStream>? BS { get => Get<List<MemoryStream>>(AttributeValueType.BS); set => Set(AttributeValueType.BS, value); }

        /// <summary>Map of attribute values.</summary>
        public Dictionary<string, AttributeValue>? M { get => Get<Dictionary<string, AttributeValue>>(AttributeValueType.M); set => Set(AttributeValueType.M, value); }

        /// <summary>List of attribute values.</summary>
        public List<AttributeValue>? L { get => Get<List<AttributeValue>>(AttributeValueType.L); set => Set(AttributeValueType.L, value); }

        /// <summary>Boolean; false unless this is a BOOL (check <see cref="Type"/> to tell a false BOOL from another type).</summary>
        public bool BOOL
        {
            get => Type == AttributeValueType.BOOL && (bool)_value!;
            set => Set(AttributeValueType.BOOL, value);
        }

        /// <summary>True when this is DynamoDB's NULL.</summary>
        public bool NULL
        {
            get => Type == AttributeValueType.NULL;
            set
            {
                if (value)
                {
                    Set(AttributeValueType.NULL, true);
                }
                else if (Type == AttributeValueType.NULL)
                {
                    Set(AttributeValueType.NULL, null);
                }
            }
        }

        private T? Get<T>(AttributeValueType type) where T : class => Type == type ? (T?)_value : null;

        private void Set(AttributeValueType type, object? value)
        {
            if (value is null)
            {
                // Clearing the member that holds the value empties the union; clearing another one changes nothing.
                if (Type == type)
                {
                    Type = AttributeValueType.None;
                    _value = null;
                }
                return;
            }
            Type = type;
            _value = value;
        }
    }

    /// <summary>The member of an <see cref="AttributeValue"/> that holds its value.</summary>
    public enum AttributeValueType
    {
        None, S, N, B, SS, NS, BS, M, L, BOOL, NULL,
    }
}
