using LambdaSlim.Runtime;

namespace LambdaSlim.Events;

/// <summary>
/// An SQS function that handles one message at a time and reports partial batch failures: a message whose handler
/// throws goes back to the queue on its own instead of failing the whole batch (the event source mapping must have
/// <c>FunctionResponseTypes: ["ReportBatchItemFailures"]</c>).
/// <list type="bullet">
/// <item>Messages are handled in order, one after the other.</item>
/// <item>FIFO queue (ARN ends in <c>.fifo</c>): after the first failure the rest are not handled and are reported
/// failed too, so the queue redelivers them in order.</item>
/// <item>When the invocation's <see cref="ILambdaContext.CancellationToken"/> fires (the deadline is near), the
/// messages not yet started are reported failed rather than lost to a timeout of the whole batch.</item>
/// </list>
/// </summary>
public static class SQSBatchHandler
{
    /// <summary>Runs the function with this message handler (see <see cref="Create"/>).</summary>
    public static Task RunAsync(Func<SQSEvent.SQSMessage, ILambdaContext, Task> handleMessage) =>
        LambdaRuntime.RunAsync(Create(handleMessage), SQSJsonContext.Default.SQSEvent, SQSJsonContext.Default.SQSBatchResponse);

    /// <summary>Runs the function with the message handler <paramref name="initialize"/> builds (failures there go to init/error).</summary>
    public static Task RunAsync(Func<Task<Func<SQSEvent.SQSMessage, ILambdaContext, Task>>> initialize)
    {
        ArgumentNullException.ThrowIfNull(initialize);
        return LambdaRuntime.RunAsync(async () => Create(await initialize().ConfigureAwait(false)),
            SQSJsonContext.Default.SQSEvent, SQSJsonContext.Default.SQSBatchResponse);
    }

    /// <summary>
    /// The batch handler over <paramref name="handleMessage"/>: what <see cref="RunAsync(Func{SQSEvent.SQSMessage, ILambdaContext, Task})"/>
    /// runs, and what a unit test calls with a sample event and a context of its own.
    /// </summary>
    public static Func<SQSEvent, ILambdaContext, Task<SQSBatchResponse>> Create(Func<SQSEvent.SQSMessage, ILambdaContext, Task> handleMessage)
    {
        ArgumentNullException.ThrowIfNull(handleMessage);
        return (batch, context) => HandleBatchAsync(batch, context, handleMessage);
    }

    private static async Task<SQSBatchResponse> HandleBatchAsync(SQSEvent batch, ILambdaContext context,
        Func<SQSEvent.SQSMessage, ILambdaContext, Task> handleMessage)
    {
        var response = new SQSBatchResponse();
        List<SQSEvent.SQSMessage> messages = batch.Records ?? [];
        for (int i = 0; i < messages.Count; i++)
        {
            SQSEvent.SQSMessage message = messages[i];
            if (context.CancellationToken.IsCancellationRequested)
            {
                FailFrom(response, messages, i, "the invocation's deadline is near", context);
                break;
            }
            if (await TryHandleAsync(message, context, handleMessage).ConfigureAwait(false))
            {
                continue;
            }
            if (IsFifo(message))
            {
                FailFrom(response, messages, i, $"message {message.MessageId} of this FIFO queue failed", context);
                break;
            }
            Fail(response, message);
        }
        return response;
    }

    private static async Task<bool> TryHandleAsync(SQSEvent.SQSMessage message, ILambdaContext context,
        Func<SQSEvent.SQSMessage, ILambdaContext, Task> handleMessage)
    {
        try
        {
            await handleMessage(message, context).ConfigureAwait(false);
            return true;
        }
        catch (Exception e)
        {
            context.Logger.LogError($"SQS message {message.MessageId} failed and goes back to the queue: {e.GetType().FullName}: {e.Message}\n{e.StackTrace}");
            return false;
        }
    }

    /// <summary>Reports messages[first..] failed, unhandled and in order, so the queue redelivers them.</summary>
    private static void FailFrom(SQSBatchResponse response, List<SQSEvent.SQSMessage> messages, int first, string reason, ILambdaContext context)
    {
        context.Logger.LogWarning($"{messages.Count - first} SQS message(s) go back to the queue because {reason}.");
        for (int i = first; i < messages.Count; i++)
        {
            Fail(response, messages[i]);
        }
    }

    private static void Fail(SQSBatchResponse response, SQSEvent.SQSMessage message) =>
        response.BatchItemFailures.Add(new SQSBatchResponse.BatchItemFailure { ItemIdentifier = message.MessageId });

    private static bool IsFifo(SQSEvent.SQSMessage message) =>
        message.EventSourceArn?.EndsWith(".fifo", StringComparison.Ordinal) == true;
}
