using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LambdaSlim.Tests.Shared;

/// <summary>
/// Compares an AWS event document with what a model wrote back: the same members with the same values, where a null
/// member counts as absent (the models leave nulls out, as AWS does), members may come in any order, and two ISO 8601
/// times are equal when they are the same instant (2026-11-23T18:30:00.000Z is 2026-11-23T18:30:00Z).
/// </summary>
public static partial class EventJson
{
    public static void AssertSameDocument(string expected, string actual) =>
        Assert.Equal(Canonical(expected), Canonical(actual));

    public static string Canonical(string json) =>
        Canonical(JsonNode.Parse(json))?.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) ?? "null";

    private static JsonNode? Canonical(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj
            .Where(member => member.Value is not null)
            .OrderBy(member => member.Key, StringComparer.Ordinal)
            .Select(member => KeyValuePair.Create(member.Key, Canonical(member.Value)))),
        JsonArray array => new JsonArray(array.Select(Canonical).ToArray()),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => JsonValue.Create(CanonicalString(value.GetValue<string>())),
        JsonValue value when value.GetValueKind() == JsonValueKind.Number =>
            JsonValue.Create(decimal.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)),
        _ => node?.DeepClone(),
    };

    private static string CanonicalString(string text) =>
        IsoTime().IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)
            : text;

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex IsoTime();
}
