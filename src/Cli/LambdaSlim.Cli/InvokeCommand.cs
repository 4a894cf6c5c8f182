using System.CommandLine;
using System.Globalization;
using LambdaSlim.Core;
using LambdaSlim.Emulator;
using LambdaSlim.Emulator.Local;

namespace LambdaSlim.Cli;

/// <summary>
/// <c>lambdaslim invoke IMAGE</c>: runs the function once through the Runtime API emulator. The response (or the error
/// document) goes to stdout, the function's logs and a Lambda-style REPORT line to stderr.
/// </summary>
internal static class InvokeCommand
{
    public static Command Create(SharedOptions shared)
    {
        var eventOption = new Option<string?>("--event")
        {
            Description = $"The event: a JSON file, '-' for stdin, or a sample ({string.Join(", ", EventSource.SampleNames)}). Default: {{}}.",
        };
        var clientContext = new Option<string?>("--client-context")
        {
            Description = "Client context JSON handed to the function (Lambda-Runtime-Client-Context), as the AWS CLI's --client-context after base64 decoding.",
        };
        var tenantId = new Option<string?>("--tenant-id")
        {
            Description = "The tenant of a tenant-isolated function (Lambda-Runtime-Aws-Tenant-Id), as the AWS CLI's --tenant-id.",
        };
        var command = new Command("invoke", "Invoke the function in an image (or a bootstrap) once and print its response.")
        {
            shared.Image, shared.Architecture, eventOption, shared.Environment, shared.Timeout, clientContext, tenantId, shared.NoSandbox,
        };
        command.SetAction(async (result, ct) =>
        {
            var payload = await EventSource.ReadAsync(result.GetValue(eventOption), ct);
            var function = LocalFunction.Prepare(result.GetValue(shared.Image)!, shared.RunOptions(result));
            SharedOptions.AnnounceUnpack(function);
            var options = function.ToEmulatorOptions(shared.EnvironmentOf(result), shared.TimeoutOf(result), SharedOptions.PrintFunctionOutput);
            await using var emulator = new LambdaEmulator(options);
            var invocation = await emulator.InvokeAsync(payload,
                new InvokeOptions { ClientContext = result.GetValue(clientContext), TenantId = result.GetValue(tenantId) }, ct);
            return Report(invocation);
        });
        return command;
    }

    private static int Report(InvocationResult invocation)
    {
        using (var stdout = Console.OpenStandardOutput())
        {
            stdout.Write(invocation.Body.Span);
            stdout.Write("\n"u8);
        }
        var init = invocation.InitDuration is { } d ? $"\tInit Duration: {Milliseconds(d)} ms" : "";
        Console.Error.WriteLine($"REPORT RequestId: {invocation.RequestId}\tDuration: {Milliseconds(invocation.Duration)} ms{init}");
        if (invocation.Status == InvocationStatus.Success)
        {
            return ExitCodes.Success;
        }
        Program.PrintError(new LambdaSlimException(LocalErrorCodes.FunctionFailed,
            $"The function failed ({Describe(invocation.Status)}, errorType {invocation.ErrorType ?? "none"}); its error document is on stdout and its logs above."));
        return ExitCodes.FunctionError;
    }

    private static string Describe(InvocationStatus status) => status switch
    {
        InvocationStatus.FunctionError => "it answered with an error",
        InvocationStatus.Timeout => "it did not answer before the timeout",
        InvocationStatus.InitError => "its init failed",
        InvocationStatus.ProcessExited => "its process exited during the invoke",
        _ => status.ToString(),
    };

    private static string Milliseconds(TimeSpan duration) => duration.TotalMilliseconds.ToString("0.00", CultureInfo.InvariantCulture);
}
