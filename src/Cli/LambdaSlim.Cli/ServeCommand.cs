using System.CommandLine;
using LambdaSlim.Emulator;
using LambdaSlim.Emulator.Local;

namespace LambdaSlim.Cli;

/// <summary>
/// <c>lambdaslim serve IMAGE</c>: the AWS Lambda emulator's invoke endpoint on 127.0.0.1, so
/// <c>curl -d @event.json http://127.0.0.1:9000/2015-03-31/functions/function/invocations</c> works as with the
/// official image. The environment stays up across invokes and is started again after a timeout or a crash, as in
/// Lambda. <c>--concurrency N</c> emulates Lambda Managed Instances: the function gets AWS_LAMBDA_MAX_CONCURRENCY=N and
/// up to N invokes are served at once (a timeout then ends only its invocation). Ctrl-C or SIGTERM stops it (and the
/// function) cleanly.
/// </summary>
internal static class ServeCommand
{
    public static Command Create(SharedOptions shared)
    {
        var port = new Option<int>("--port")
        {
            Description = "The 127.0.0.1 port to listen on (0 picks a free one and prints it).",
            DefaultValueFactory = _ => 9000,
        };
        var concurrency = new Option<int>("--concurrency")
        {
            Description = "Invocations served at once, as on Lambda Managed Instances (sets AWS_LAMBDA_MAX_CONCURRENCY). " +
                          "Default 1: one at a time, as in a classic Lambda sandbox.",
            DefaultValueFactory = _ => 1,
        };
        var command = new Command("serve", "Serve the AWS invoke endpoint for the function in an image (or a bootstrap) until stopped.")
        {
            shared.Image, port, shared.Architecture, shared.Environment, shared.Timeout, concurrency, shared.NoSandbox,
        };
        command.SetAction(async (result, ct) =>
        {
            var function = LocalFunction.Prepare(result.GetValue(shared.Image)!, shared.RunOptions(result));
            SharedOptions.AnnounceUnpack(function);
            var options = function.ToEmulatorOptions(shared.EnvironmentOf(result), shared.TimeoutOf(result), SharedOptions.PrintFunctionOutput)
                with { MaxConcurrency = result.GetValue(concurrency) };
            await using var emulator = new LambdaEmulator(options);
            await using var endpoint = InvokeEndpoint.Start(emulator, result.GetValue(port));
            Console.Error.WriteLine($"lambdaslim: serving {function.Description}" +
                (options.MaxConcurrency > 1 ? $", {options.MaxConcurrency} invocations at once (AWS_LAMBDA_MAX_CONCURRENCY)" : ""));
            Console.Error.WriteLine($"lambdaslim: listening on {endpoint.InvokeUrl} (Ctrl-C stops)");
            // Start the environment now, as Lambda's proactive init does; a failure is retried by the first invoke.
            var init = await emulator.InitializeAsync(ct);
            if (!init.Succeeded)
            {
                Console.Error.WriteLine($"lambdaslim: init failed ({init.ErrorType}); each invoke will try again: {init.ErrorDocumentText}");
            }
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine("lambdaslim: stopping");
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
