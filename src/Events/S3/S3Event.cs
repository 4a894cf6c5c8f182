using System.Text.Json.Serialization;

namespace LambdaSlim.Events;

/// <summary>S3 event notifications (object created, removed, restored…) sent straight to the function.</summary>
public class S3Event
{
    [JsonPropertyName("Records")] public List<S3EventNotificationRecord>? Records { get; set; }

    /// <summary>One notification.</summary>
    public class S3EventNotificationRecord
    {
        [JsonPropertyName("eventVersion")] public string? EventVersion { get; set; }

        /// <summary><c>aws:s3</c>.</summary>
        [JsonPropertyName("eventSource")] public string? EventSource { get; set; }

        [JsonPropertyName("awsRegion")] public string? AwsRegion { get; set; }

        /// <summary>When S3 finished the request.</summary>
        [JsonPropertyName("eventTime")] public DateTime EventTime { get; set; }

        /// <summary>e.g. <c>ObjectCreated:Put</c>, <c>ObjectRemoved:Delete</c>.</summary>
        [JsonPropertyName("eventName")] public string? EventName { get; set; }

        [JsonPropertyName("userIdentity")] public UserIdentityEntity? UserIdentity { get; set; }
        [JsonPropertyName("requestParameters")] public RequestParametersEntity? RequestParameters { get; set; }
        [JsonPropertyName("responseElements")] public ResponseElementsEntity? ResponseElements { get; set; }
        [JsonPropertyName("s3")] public S3Entity? S3 { get; set; }

        /// <summary>Restore events from archive storage classes.</summary>
        [JsonPropertyName("glacierEventData")] public S3GlacierEventDataEntity? GlacierEventData { get; set; }
    }

    /// <summary>Who made the request.</summary>
    public class UserIdentityEntity
    {
        [JsonPropertyName("principalId")] public string? PrincipalId { get; set; }
    }

    /// <summary>Where the request came from.</summary>
    public class RequestParametersEntity
    {
        [JsonPropertyName("sourceIPAddress")] public string? SourceIPAddress { get; set; }
    }

    /// <summary>S3's request ids, for support cases.</summary>
    public class ResponseElementsEntity
    {
        [JsonPropertyName("x-amz-id-2")] public string? XAmzId2 { get; set; }
        [JsonPropertyName("x-amz-request-id")] public string? XAmzRequestId { get; set; }
    }

    /// <summary>The bucket and object.</summary>
    public class S3Entity
    {
        [JsonPropertyName("s3SchemaVersion")] public string? S3SchemaVersion { get; set; }

        /// <summary>The id of the notification configuration that sent this.</summary>
        [JsonPropertyName("configurationId")] public string? ConfigurationId { get; set; }

        [JsonPropertyName("bucket")] public S3BucketEntity? Bucket { get; set; }
        [JsonPropertyName("object")] public S3ObjectEntity? Object { get; set; }
    }

    /// <summary>The bucket.</summary>
    public class S3BucketEntity
    {
        [JsonPropertyName("name")] public string? Name { get; set; }
        [JsonPropertyName("ownerIdentity")] public UserIdentityEntity? OwnerIdentity { get; set; }
        [JsonPropertyName("arn")] public string? Arn { get; set; }
    }

    /// <summary>The object. Its key is URL-encoded as in a query string (a space is <c>+</c>).</summary>
    public class S3ObjectEntity
    {
        [JsonPropertyName("key")] public string? Key { get; set; }
        [JsonPropertyName("size")] public long Size { get; set; }
        [JsonPropertyName("eTag")] public string? ETag { get; set; }
        [JsonPropertyName("versionId")] public string? VersionId { get; set; }

        /// <summary>Orders the notifications of one key (compare as hex strings padded to the same length).</summary>
        [JsonPropertyName("sequencer")] public string? Sequencer { get; set; }
    }

    /// <summary>Archive restore details.</summary>
    public class S3GlacierEventDataEntity
    {
        [JsonPropertyName("restoreEventData")] public S3RestoreEventDataEntity? RestoreEventData { get; set; }
    }

    /// <summary>When the restored copy expires, and the class it was restored from.</summary>
    public class S3RestoreEventDataEntity
    {
        [JsonPropertyName("lifecycleRestorationExpiryTime")] public DateTime LifecycleRestorationExpiryTime { get; set; }
        [JsonPropertyName("lifecycleRestoreStorageClass")] public string? LifecycleRestoreStorageClass { get; set; }
    }
}
