using System.Text.Json;
using LambdaSlim.Events;

namespace LambdaSlimFunction.Tests;

public class FunctionTests
{
    // event.json is a batch of two order updates from an SQS queue.
    private static SQSEvent SampleEvent() =>
        JsonSerializer.Deserialize(File.ReadAllText("event.json"), LambdaEventsJsonContext.Default.SQSEvent)!;

    private static readonly Func<SQSEvent, LambdaSlim.Runtime.ILambdaContext, Task<SQSBatchResponse>> Handler =
        SQSBatchHandler.Create(Function.HandleMessageAsync);

    [Fact]
    public async Task A_good_batch_reports_no_failures()
    {
        var context = new TestLambdaContext();

        var response = await Handler(SampleEvent(), context);

        Assert.Empty(response.BatchItemFailures);
        Assert.Contains("INFO Order 1042 is now paid", context.Logger.Lines);
        Assert.Equal("""{"batchItemFailures":[]}""", JsonSerializer.Serialize(response, LambdaEventsJsonContext.Default.SQSBatchResponse));
    }

    [Fact]
    public async Task Only_the_bad_message_goes_back_to_the_queue()
    {
        var batch = SampleEvent();
        batch.Records!.Insert(1, new SQSEvent.SQSMessage { MessageId = "bad-1", Body = "not an order", EventSourceArn = batch.Records[0].EventSourceArn });

        var response = await Handler(batch, new TestLambdaContext());

        Assert.Equal(["bad-1"], response.BatchItemFailures.Select(f => f.ItemIdentifier));
    }
}
