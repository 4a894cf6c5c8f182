using System.Text.Json;
using LambdaSlim.Events.Tests.Support;
using static LambdaSlim.Events.DynamoDBEvent;

namespace LambdaSlim.Events.Tests;

/// <summary>DynamoDB Streams records and the attribute value union.</summary>
public sealed class DynamoDBEventTests
{
    private static DynamoDBEvent Sample() => JsonSerializer.Deserialize(Samples.Read("dynamodb"), LambdaEventsJsonContext.Default.DynamoDBEvent)!;

    [Fact]
    public void Every_attribute_type_of_the_sample_is_read_as_its_member()
    {
        var image = Sample().Records![0].Dynamodb!.NewImage!;

        Assert.Equal("order#1042", image["pk"].S);
        Assert.Equal("38.50", image["total"].N);
        Assert.True(image["paid"].BOOL);
        Assert.Equal(AttributeValueType.BOOL, image["gift"].Type);
        Assert.False(image["gift"].BOOL);
        Assert.True(image["coupon"].NULL);
        Assert.Equal(Convert.FromBase64String("iVBORw0KGgo="), image["thumbnail"].B!.ToArray());
        Assert.Equal(["coffee", "gift-wrap"], image["tags"].SS);
        Assert.Equal(["4", "5", "4.5"], image["ratings"].NS);
        Assert.Equal([[0xde, 0xad, 0xbe, 0xef], [0, 1, 2, 3]], image["checksums"].BS!.Select(s => s.ToArray()));
        Assert.Equal("Lisbon", image["customer"].M!["address"].M!["city"].S);
        Assert.Equal([AttributeValueType.M, AttributeValueType.S, AttributeValueType.N, AttributeValueType.NULL],
            image["items"].L!.Select(v => v.Type));
    }

    [Fact]
    public void The_stream_record_time_keys_and_TTL_identity_are_read()
    {
        var records = Sample().Records!;

        Assert.Equal(new DateTime(2026, 11, 23, 18, 30, 0, DateTimeKind.Utc), records[0].Dynamodb!.ApproximateCreationDateTime);
        Assert.Equal(DateTimeKind.Utc, records[0].Dynamodb!.ApproximateCreationDateTime.Kind);
        Assert.Equal("111100000000012345678901", records[0].Dynamodb!.SequenceNumber);
        Assert.Null(records[1].Dynamodb!.NewImage);
        Assert.Equal("1795458000", records[1].Dynamodb!.OldImage!["expiresAt"].N);
        Assert.Equal("dynamodb.amazonaws.com", records[1].UserIdentity!.PrincipalId);
    }

    [Fact]
    public void Setting_a_member_makes_it_the_value_and_writes_only_that_key()
    {
        var value = new AttributeValue { S = "text" };
        value.N = "7";

        Assert.Equal(AttributeValueType.N, value.Type);
        Assert.Null(value.S);
        Assert.Equal("""{"N":"7"}""", Write(value));
        Assert.Equal("""{"BOOL":false}""", Write(new AttributeValue { BOOL = false }));
        Assert.Equal("""{"NULL":true}""", Write(new AttributeValue { NULL = true }));
        Assert.Equal("{}", Write(new AttributeValue()));
    }

    [Fact]
    public void Clearing_the_member_that_holds_the_value_empties_it_and_clearing_another_does_not()
    {
        var value = new AttributeValue { SS = ["a"] };

        value.S = null;
        Assert.Equal(AttributeValueType.SS, value.Type);
        value.SS = null;
        Assert.Equal(AttributeValueType.None, value.Type);
    }

    [Theory]
    [InlineData("""{"S":"a","N":"1"}""", "two types")]
    [InlineData("""{"X":"a"}""", "unknown type \"X\"")]
    [InlineData("""{"NULL":false}""", "\"NULL\": false")]
    [InlineData("""{"N":1}""", "\"N\" holding a Number")]
    [InlineData("""{"M":[]}""", "\"M\" holding a StartArray")]
    [InlineData("\"text\"", "a String instead of an object")]
    public void A_malformed_attribute_value_fails_with_LSLIM6003(string json, string expected)
    {
        var error = Assert.Throws<JsonException>(() =>
            JsonSerializer.Deserialize("{\"Keys\":{\"pk\":" + json + "}}", LambdaEventsJsonContext.Default.StreamRecord));

        Assert.StartsWith("LSLIM6003:", error.Message);
        Assert.Contains(expected, error.Message);
    }

    private static string Write(AttributeValue value) =>
        JsonSerializer.Serialize(value, LambdaEventsJsonContext.Default.AttributeValue);
}
