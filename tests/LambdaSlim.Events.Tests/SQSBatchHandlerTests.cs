using System.Text.Json;
using LambdaSlimFunction.Tests;

namespace LambdaSlim.Events.Tests;

/// <summary>Partial batch failures: only the messages that failed go back to the queue.</summary>
public sealed class SQSBatchHandlerTests
{
    private static SQSEvent Batch(string queueArn, params string[] bodies) => new()
    {
        Records = bodies.Select((body, i) => new SQSEvent.SQSMessage { MessageId = $"m{i + 1}", Body = body, EventSourceArn = queueArn }).ToList(),
    };

    private const string StandardQueue = "arn:aws:sqs:us-east-1:123456789012:orders";
    private const string FifoQueue = "arn:aws:sqs:us-east-1:123456789012:orders.fifo";

    private static Task FailOnBad(SQSEvent.SQSMessage message, Runtime.ILambdaContext context) =>
        message.Body == "bad" ? throw new InvalidOperationException("cannot handle " + message.MessageId) : Task.CompletedTask;

    [Fact]
    public async Task One_failing_message_answers_exactly_its_id()
    {
        var handled = new List<string>();
        var handler = SQSBatchHandler.Create(async (message, context) =>
        {
            await FailOnBad(message, context);
            handled.Add(message.MessageId!);
        });
        var context = new TestLambdaContext();

        var response = await handler(Batch(StandardQueue, "ok", "bad", "ok"), context);

        Assert.Equal("""{"batchItemFailures":[{"itemIdentifier":"m2"}]}""",
            JsonSerializer.Serialize(response, LambdaEventsJsonContext.Default.SQSBatchResponse));
        Assert.Equal(["m1", "m3"], handled);
        Assert.Contains(context.Logger.Lines, line => line.StartsWith("ERROR SQS message m2 failed", StringComparison.Ordinal) && line.Contains("cannot handle m2"));
    }

    [Fact]
    public async Task A_batch_that_all_succeeds_answers_an_empty_list()
    {
        var response = await SQSBatchHandler.Create(FailOnBad)(Batch(StandardQueue, "ok", "ok"), new TestLambdaContext());

        Assert.Equal("""{"batchItemFailures":[]}""", JsonSerializer.Serialize(response, LambdaEventsJsonContext.Default.SQSBatchResponse));
    }

    [Fact]
    public async Task On_a_FIFO_queue_the_failed_message_and_all_after_it_go_back_unhandled()
    {
        var handled = new List<string>();
        var handler = SQSBatchHandler.Create(async (message, context) =>
        {
            handled.Add(message.MessageId!);
            await FailOnBad(message, context);
        });

        var response = await handler(Batch(FifoQueue, "ok", "bad", "ok", "ok"), new TestLambdaContext());

        Assert.Equal(["m2", "m3", "m4"], response.BatchItemFailures.Select(f => f.ItemIdentifier));
        Assert.Equal(["m1", "m2"], handled);
    }

    [Fact]
    public async Task When_the_deadline_is_near_the_messages_not_started_go_back_to_the_queue()
    {
        using var deadline = new CancellationTokenSource();
        var handled = new List<string>();
        var handler = SQSBatchHandler.Create((message, context) =>
        {
            handled.Add(message.MessageId!);
            if (message.MessageId == "m2")
            {
                deadline.Cancel(); // the margin before the deadline is reached while m2 runs
            }
            return Task.CompletedTask;
        });
        var context = new TestLambdaContext { CancellationToken = deadline.Token };

        var response = await handler(Batch(StandardQueue, "ok", "ok", "ok", "ok"), context);

        Assert.Equal(["m1", "m2"], handled);
        Assert.Equal(["m3", "m4"], response.BatchItemFailures.Select(f => f.ItemIdentifier));
        Assert.Contains("WARN 2 SQS message(s) go back to the queue because the invocation's deadline is near.", context.Logger.Lines);
    }

    [Fact]
    public async Task An_empty_event_answers_no_failures()
    {
        var response = await SQSBatchHandler.Create(FailOnBad)(new SQSEvent(), new TestLambdaContext());

        Assert.Empty(response.BatchItemFailures);
    }
}
