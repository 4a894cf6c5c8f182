using System.Text;
using System.Text.Json;
using LambdaSlim.Runtime.Logging;

namespace LambdaSlim.Runtime.Tests;

public class LogSinkTests
{
    private static string[] Lines(MemoryStream output) =>
        Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void TextLinesCarryTimestampLevelRequestIdAndMessage()
    {
        var output = new MemoryStream();
        new LambdaLogger(new LogSink(output, json: false, LogLevel.Info), "req-1").LogWarning("two\nlines");
        string[] fields = Assert.Single(Lines(output)).Split('\t');
        Assert.Equal(4, fields.Length);
        Assert.True(DateTime.TryParse(fields[0], System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.RoundtripKind, out DateTime stamp));
        Assert.True(Math.Abs((DateTime.UtcNow - stamp).TotalMinutes) < 1);
        Assert.Equal("WARN", fields[1]);
        Assert.Equal("req-1", fields[2]);
        Assert.Equal("two\rlines", fields[3]);
    }

    [Fact]
    public void JsonLinesAreOneObjectPerLine()
    {
        var output = new MemoryStream();
        var sink = new LogSink(output, json: true, LogLevel.Info);
        new LambdaLogger(sink, "req-1").LogInformation("hello \"world\"\nsecond line");
        new LambdaLogger(sink, null).LogError("runtime line");
        string[] lines = Lines(output);
        Assert.Equal(2, lines.Length);
        using (JsonDocument first = JsonDocument.Parse(lines[0]))
        {
            Assert.Equal("INFO", first.RootElement.GetProperty("level").GetString());
            Assert.Equal("req-1", first.RootElement.GetProperty("requestId").GetString());
            Assert.Equal("hello \"world\"\nsecond line", first.RootElement.GetProperty("message").GetString());
            Assert.EndsWith("Z", first.RootElement.GetProperty("timestamp").GetString());
            Assert.True(first.RootElement.GetProperty("timestamp").TryGetDateTime(out _));
        }
        using JsonDocument second = JsonDocument.Parse(lines[1]);
        Assert.False(second.RootElement.TryGetProperty("requestId", out _));
        Assert.Equal("ERROR", second.RootElement.GetProperty("level").GetString());
    }

    [Fact]
    public void JsonLinesCarryTheTenantIdWhenTheInvocationHasOneAndTextLinesKeepFourFields()
    {
        var json = new MemoryStream();
        new LambdaLogger(new LogSink(json, json: true, LogLevel.Info), "req-1", "tenant-7").LogInformation("with tenant");
        new LambdaLogger(new LogSink(json, json: true, LogLevel.Info), "req-2").LogInformation("without");
        string[] lines = Lines(json);
        using (JsonDocument first = JsonDocument.Parse(lines[0]))
        {
            Assert.Equal("req-1", first.RootElement.GetProperty("requestId").GetString());
            Assert.Equal("tenant-7", first.RootElement.GetProperty("tenantId").GetString());
            Assert.Equal("with tenant", first.RootElement.GetProperty("message").GetString());
        }
        using (JsonDocument second = JsonDocument.Parse(lines[1]))
        {
            Assert.False(second.RootElement.TryGetProperty("tenantId", out _));
        }

        var text = new MemoryStream();
        new LambdaLogger(new LogSink(text, json: false, LogLevel.Info), "req-1", "tenant-7").LogInformation("with tenant");
        Assert.Equal(["INFO", "req-1", "with tenant"], Assert.Single(Lines(text)).Split('\t')[1..]);
    }

    [Fact]
    public void LevelsBelowTheMinimumAreDropped()
    {
        var output = new MemoryStream();
        var logger = new LambdaLogger(new LogSink(output, json: false, LogLevel.Warn), "r");
        logger.LogTrace("t");
        logger.LogDebug("d");
        logger.LogInformation("i");
        logger.LogWarning("w");
        logger.LogError("e");
        logger.LogCritical("c");
        Assert.Equal(["WARN", "ERROR", "FATAL"], Lines(output).Select(l => l.Split('\t')[1]));
    }

    [Theory]
    [InlineData(null, "Info")]
    [InlineData("TRACE", "Trace")]
    [InlineData("debug", "Debug")]
    [InlineData("INFO", "Info")]
    [InlineData("WARN", "Warn")]
    [InlineData("ERROR", "Error")]
    [InlineData("FATAL", "Fatal")]
    [InlineData("nonsense", "Info")]
    public void LevelsParseAsLambdaNamesThem(string? value, string expected)
    {
        Assert.Equal(Enum.Parse<LogLevel>(expected), LogSink.ParseLevel(value));
    }

    [Fact]
    public void TimestampsAreIso8601WithMilliseconds()
    {
        Assert.Equal("2026-01-02T03:04:05.006Z", LogSink.FormatTimestamp(new DateTime(2026, 1, 2, 3, 4, 5, 6, DateTimeKind.Utc)));
    }

    [Fact]
    public void ConcurrentWritersNeverInterleaveLines()
    {
        var output = new MemoryStream();
        var sink = new LogSink(output, json: true, LogLevel.Info);
        Parallel.For(0, 200, i => new LambdaLogger(sink, $"r{i}").LogInformation(new string('x', 500)));
        string[] lines = Lines(output);
        Assert.Equal(200, lines.Length);
        foreach (string line in lines)
        {
            using JsonDocument _ = JsonDocument.Parse(line);
        }
    }
}
