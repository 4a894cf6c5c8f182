using System.CommandLine;
using LambdaSlim.Core;

namespace LambdaSlim.Cli;

/// <summary>
/// Entry point of the <c>lambdaslim</c> tool. Errors are printed as <c>error LSLIMxxxx: message</c>; the exit code is
/// 0 on success, 1 when the function failed, 2 for usage and environment errors.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var shared = new SharedOptions();
        var root = new RootCommand("Run AWS Lambda images built by LambdaSlim.Sdk on this machine (no Docker).")
        {
            InvokeCommand.Create(shared),
            ServeCommand.Create(shared),
            InspectCommand.Create(shared),
        };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                PrintError(new LambdaSlimException(Emulator.Local.LocalErrorCodes.InvalidArgument, error.Message + " (see lambdaslim --help)"));
            }
            return ExitCodes.UsageOrEnvironment;
        }
        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration
            {
                // Our errors carry codes and fixes; a stack trace would bury them.
                EnableDefaultExceptionHandler = false,
                // Ctrl-C / SIGTERM cancel the action's token; give it time to stop the function's sandbox.
                ProcessTerminationTimeout = TimeSpan.FromSeconds(10),
            });
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Interrupted;
        }
        catch (LambdaSlimException e)
        {
            PrintError(e);
            return ExitCodes.UsageOrEnvironment;
        }
    }

    internal static void PrintError(LambdaSlimException e) => Console.Error.WriteLine($"error {e.Code}: {e.Message}");
}
