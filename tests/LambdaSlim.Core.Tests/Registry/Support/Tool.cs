using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LambdaSlim.Core.Tests.Registry.Support;

/// <summary>Runs the real command-line tools the tests check against (umoci, skopeo, htpasswd).</summary>
internal static class Tool
{
    public static string Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {stderr.Result}");
        }
        return stdout.Result;
    }

    /// <summary>A fresh folder under one root per test process, which is removed when the process exits.</summary>
    public static string TempDirectory()
    {
        var path = Path.Combine(TempRoot.Value, Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(path);
        return path;
    }

    private static readonly Lazy<string> TempRoot = new(() =>
    {
        var root = Path.Combine(Path.GetTempPath(), $"lslim-registry-{Environment.ProcessId}");
        Directory.CreateDirectory(root);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A registry process still holding a file: the OS cleans /tmp eventually.
            }
        };
        return root;
    });
}
