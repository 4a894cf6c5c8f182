using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace LambdaSlim.Cli.Tests.Support;

/// <summary>A running <c>lambdaslim serve</c> process on a free 127.0.0.1 port (--port 0), stopped by SIGTERM or killed on dispose.</summary>
public sealed partial class ServeProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ServeProcess(string cacheDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in (string[])[Lambdaslim.Dll, "serve", .. arguments, "--port", "0"])
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["LAMBDASLIM_CACHE_DIR"] = cacheDirectory;
        _process = Process.Start(start)!;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                _listening.TrySetException(new InvalidOperationException("serve exited before listening:\n" + StandardError));
                return;
            }
            lock (_stderr)
            {
                _stderr.AppendLine(e.Data);
            }
            if (ListeningLine().Match(e.Data) is { Success: true } match)
            {
                _listening.TrySetResult(new Uri(match.Groups[1].Value));
            }
        };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
    }

    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>
    /// Waits until the standard error read so far satisfies <paramref name="condition"/>: serve relays a function's
    /// output as it comes, so a line may still be on its way when the invoke's answer has already arrived.
    /// </summary>
    public async Task<string> WaitForStandardErrorAsync(Func<string, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition(StandardError) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        return StandardError;
    }

    public async Task<Uri> InvokeUrlAsync() => await _listening.Task.WaitAsync(TimeSpan.FromSeconds(60));

    /// <summary>Sends SIGTERM and returns the exit code.</summary>
    public async Task<int> TerminateAsync()
    {
        ProcessRunner.Check("kill", "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    [GeneratedRegex(@"listening on (http://127\.0\.0\.1:\d+/\S+)")]
    private static partial Regex ListeningLine();

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
    }
}
