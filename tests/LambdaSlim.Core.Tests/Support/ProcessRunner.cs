using System.Diagnostics;

namespace LambdaSlim.Core.Tests.Support;

public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError);

/// <summary>Runs a real tool (compiler, skopeo, umoci, bwrap) and captures its output.</summary>
public static class ProcessRunner
{
    public static ProcessResult Run(string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish in 2 minutes");
        }
        return new ProcessResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs the tool and fails the test with its output unless it exits 0.</summary>
    public static ProcessResult Check(string fileName, params string[] arguments)
    {
        var result = Run(fileName, arguments);
        Assert.True(result.ExitCode == 0,
            $"{fileName} {string.Join(' ', arguments)} exited {result.ExitCode}\nstdout: {result.StandardOutput}\nstderr: {result.StandardError}");
        return result;
    }
}
