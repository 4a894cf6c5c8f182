using System.Diagnostics;

namespace LambdaSlim.Bench;

/// <summary>
/// Times a program that starts and exits (a console hello, /bin/true) from spawn to exit: the start-up floor of its
/// runtime, with the same process set-up as the cold starts (empty environment, output captured).
/// </summary>
internal static class SpawnToExit
{
    public static TimeSpan Time(FunctionUnderTest program)
    {
        var startInfo = new ProcessStartInfo(program.FileName)
        {
            WorkingDirectory = program.WorkingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in program.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }
        startInfo.Environment.Clear();
        startInfo.Environment["PATH"] = "/usr/local/bin:/usr/bin/:/bin:/opt/bin";
        long spawn = Stopwatch.GetTimestamp();
        using var process = Process.Start(startInfo)!;
        process.WaitForExit();
        var elapsed = Stopwatch.GetElapsedTime(spawn);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program.Name} exited with code {process.ExitCode}: {process.StandardError.ReadToEnd()}");
        }
        return elapsed;
    }
}
