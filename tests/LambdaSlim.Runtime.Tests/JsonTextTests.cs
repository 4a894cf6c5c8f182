using System.Text;
using System.Text.Json;
using LambdaSlim.Runtime.Api;
using LambdaSlim.Runtime.Text;

namespace LambdaSlim.Runtime.Tests;

public class JsonTextTests
{
    [Theory]
    [InlineData("plain")]
    [InlineData("quote \" backslash \\ slash /")]
    [InlineData("lines\r\n\ttab")]
    [InlineData("control \u0001\u001f and \u2028")]
    [InlineData("unicode Zoë 日本 🎉")]
    public void StringsRoundTripThroughARealJsonParser(string value)
    {
        var json = new StringBuilder();
        JsonText.AppendString(json, value);
        Assert.Equal(value, JsonSerializer.Deserialize<string>(json.ToString()));
    }

    [Theory]
    [InlineData("{}", true)]
    [InlineData(" {\"a\" : [1, -2.5e+3, true, false, null, \"x\\u00e9\\n\"], \"b\": {}} ", true)]
    [InlineData("\"just a string\"", true)]
    [InlineData("0", true)]
    [InlineData("", false)]
    [InlineData("{", false)]
    [InlineData("{\"a\":}", false)]
    [InlineData("{\"a\":1,}", false)]
    [InlineData("[01]", false)]
    [InlineData("[1.]", false)]
    [InlineData("\"bad \\x escape\"", false)]
    [InlineData("tru", false)]
    [InlineData("{} {}", false)]
    [InlineData("{a:1}", false)]
    public void WellFormednessMatchesTheStandard(string text, bool expected)
    {
        Assert.Equal(expected, JsonText.IsWellFormed(text));
    }

    [Fact]
    public void DeepNestingIsRejectedInsteadOfOverflowingTheStack()
    {
        Assert.False(JsonText.IsWellFormed(new string('[', 100_000)));
    }

    [Fact]
    public void ErrorReportFromAThrownExceptionHasTheWireShape()
    {
        ErrorReport report;
        try
        {
            throw new InvalidOperationException("outer", new FormatException("inner"));
        }
        catch (Exception ex)
        {
            report = ErrorReport.FromException(ex);
        }
        using JsonDocument json = JsonDocument.Parse(report.ToJson());
        JsonElement root = json.RootElement;
        Assert.Equal("outer", root.GetProperty("errorMessage").GetString());
        Assert.Equal("InvalidOperationException", root.GetProperty("errorType").GetString());
        Assert.Contains(root.GetProperty("stackTrace").EnumerateArray(), line => line.GetString()!.Contains(nameof(ErrorReportFromAThrownExceptionHasTheWireShape)));
        Assert.Equal("FormatException", root.GetProperty("cause").GetProperty("errorType").GetString());
        Assert.Equal("inner", root.GetProperty("cause").GetProperty("errorMessage").GetString());
    }

    [Fact]
    public void ASingleAggregateIsUnwrapped()
    {
        var report = ErrorReport.FromException(new AggregateException(new TimeoutException("slow")));
        Assert.Equal("TimeoutException", report.ErrorType);
        Assert.Equal("slow", report.ErrorMessage);
    }
}
