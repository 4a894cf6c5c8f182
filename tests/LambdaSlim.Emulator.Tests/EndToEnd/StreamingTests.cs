using System.Text;
using LambdaSlim.Emulator.Tests.Support;

namespace LambdaSlim.Emulator.Tests.EndToEnd;

[Collection(FunctionProcessCollection.Name)]
public sealed class StreamingTests
{
    private static EmulatorHarness StreamingHarness() =>
        new(environment: new Dictionary<string, string> { ["LAMBDASLIM_TEST_MODE"] = "stream" });

    [Fact]
    public async Task A_streamed_response_arrives_chunk_by_chunk_as_the_function_writes_it()
    {
        await using var harness = StreamingHarness();
        var arrivals = new List<(DateTimeOffset At, string Text)>();
        var sink = new RecordingStream(arrivals);
        var result = await harness.Emulator.InvokeAsync("{\"action\":\"stream\",\"chunks\":4,\"ms\":150}"u8.ToArray(),
            new InvokeOptions { StreamingSink = sink });

        Assert.Equal(InvocationStatus.Success, result.Status);
        Assert.True(result.IsStreamed);
        Assert.Equal("chunk 0\nchunk 1\nchunk 2\nchunk 3\n", string.Concat(arrivals.Select(a => a.Text)));
        // Relayed as written, not buffered to the end: the first and last bytes are ~450 ms apart.
        Assert.True(arrivals[^1].At - arrivals[0].At > TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task An_error_after_streaming_started_keeps_the_bytes_and_reports_the_error()
    {
        await using var harness = StreamingHarness();
        var result = await harness.InvokeAsync("{\"action\":\"stream-error\",\"message\":\"died mid-stream\"}");

        Assert.Equal(InvocationStatus.FunctionError, result.Status);
        Assert.True(result.IsStreamed);
        Assert.Equal("partial 0\npartial 1\n", result.PayloadText);
        Assert.Contains("BehaviorTestException", result.ErrorType);
        Assert.Equal("died mid-stream", EmulatorHarness.ErrorJson(result).GetProperty("errorMessage").GetString());

        var next = await harness.InvokeAsync("{\"action\":\"stream\",\"chunks\":1}");
        Assert.Equal("chunk 0\n", next.PayloadText);
        Assert.Equal(1, harness.Emulator.Counters.ProcessStarts);
    }

    private sealed class RecordingStream(List<(DateTimeOffset, string)> arrivals) : MemoryStream
    {
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            arrivals.Add((DateTimeOffset.UtcNow, Encoding.UTF8.GetString(buffer.Span)));
            return ValueTask.CompletedTask;
        }
    }
}
