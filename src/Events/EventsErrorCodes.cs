namespace LambdaSlim.Events;

/// <summary>The LSLIM60xx codes of LambdaSlim.Events; docs/errors.md lists each with its fix.</summary>
internal static class EventsErrorCodes
{
    /// <summary>A body, record or attribute that says it is base64 is not valid base64.</summary>
    public const string InvalidBase64 = "LSLIM6001";

    /// <summary>A CloudWatch Logs subscription payload is not gzip, or its JSON is not a log data message.</summary>
    public const string InvalidLogsPayload = "LSLIM6002";

    /// <summary>A DynamoDB attribute value is not an object with exactly one known type key.</summary>
    public const string InvalidAttributeValue = "LSLIM6003";

    /// <summary>An epoch timestamp is neither a number nor a numeric string, or out of DateTime's range.</summary>
    public const string InvalidEpochTime = "LSLIM6004";

    /// <summary>An HTTP event's body was asked for as JSON but is empty.</summary>
    public const string EmptyJsonBody = "LSLIM6005";
}
