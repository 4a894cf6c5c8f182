using System.ComponentModel;
using System.Diagnostics;
using LambdaSlim.Core;

namespace LambdaSlim.Emulator.RuntimeApi;

/// <summary>The function's OS process: started with exactly the given environment, its output forwarded by line.</summary>
internal sealed class FunctionProcess : IDisposable
{
    private readonly Process _process;

    private FunctionProcess(Process process, Task exited)
    {
        _process = process;
        Exited = exited;
    }

    public int Id => _process.Id;

    /// <summary>Completes when the process has exited and its output was read to the end.</summary>
    public Task Exited { get; }

    public bool HasExited => Exited.IsCompleted;

    public int? ExitCode => HasExited ? _process.ExitCode : null;

    public static FunctionProcess Start(
        FunctionCommand command, IReadOnlyDictionary<string, string> environment, Action<FunctionOutputLine>? output)
    {
        var startInfo = new ProcessStartInfo(command.FileName)
        {
            WorkingDirectory = command.WorkingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in command.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }
        startInfo.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            throw new LambdaSlimException(EmulatorErrorCodes.FunctionStartFailed,
                $"Could not start the function process '{command.FileName}' in '{command.WorkingDirectory}': {e.Message}. " +
                "Check that the file exists, is executable and is built for this machine (use qemu for another architecture).", e);
        }
        // Lambda gives the runtime no stdin; closing ours makes a function that reads it see end-of-file at once.
        process.StandardInput.Close();
        var pid = process.Id;
        process.OutputDataReceived += (_, e) => Forward(output, FunctionOutputStream.Stdout, e.Data, pid);
        process.ErrorDataReceived += (_, e) => Forward(output, FunctionOutputStream.Stderr, e.Data, pid);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new FunctionProcess(process, process.WaitForExitAsync());
    }

    private static void Forward(Action<FunctionOutputLine>? output, FunctionOutputStream stream, string? line, int pid)
    {
        if (line is null || output is null)
        {
            return;
        }
        try
        {
            output(new FunctionOutputLine(stream, line, pid));
        }
        catch (Exception)
        {
            // The caller's sink failing must not stop the function's pipes from being drained (it would block).
        }
    }

    /// <summary>Kills the process and everything it started (a bwrap or qemu wrapper and its child).</summary>
    public async Task KillAsync()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        await Exited;
    }

    public void Dispose() => _process.Dispose();
}
