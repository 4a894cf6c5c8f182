using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LambdaSlim.Tests.Shared;

/// <summary>
/// A real Debian <c>docker-registry</c> (distribution 2.8) process on 127.0.0.1 and a free port, with its own config
/// (never the packaged one, which listens on every address) and filesystem storage in a temporary folder that is
/// removed on dispose. Anonymous, htpasswd Basic auth or any auth section a test writes; can be killed and
/// started again on the same port and storage, as a crash and restart would.
/// </summary>
public sealed class DockerRegistry : IDisposable, IAsyncDisposable
{
    private Process? _process;

    private DockerRegistry(string directory, int port)
    {
        Directory = directory;
        Port = port;
    }

    /// <summary>The folder holding the config and the storage.</summary>
    public string Directory { get; }

    public int Port { get; }

    public string Host => $"127.0.0.1:{Port}";

    public Uri Uri => new($"http://{Host}/");

    /// <summary>Starts a registry; <paramref name="authYaml"/> is a top-level <c>auth:</c> section, or none for anonymous access.</summary>
    public static DockerRegistry Start(string? authYaml = null)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("lambdaslim-registry-").FullName;
        var registry = new DockerRegistry(directory, LoopbackPort.Free());
        File.WriteAllText(Path.Combine(directory, "config.yml"), $"""
            version: 0.1
            log:
              level: error
              accesslog:
                disabled: true
            storage:
              filesystem:
                rootdirectory: {Path.Combine(directory, "data")}
              delete:
                enabled: true
            http:
              addr: 127.0.0.1:{registry.Port}
              secret: lambdaslim-tests
            {authYaml ?? ""}
            """);
        try
        {
            registry.Launch();
        }
        catch
        {
            registry.Dispose();
            throw;
        }
        return registry;
    }

    /// <summary>Basic auth for one user, from an htpasswd file made by the real <c>htpasswd -Bbn</c>.</summary>
    public static DockerRegistry StartWithHtpasswd(string user, string password)
    {
        var htpasswd = Path.Combine(System.IO.Directory.CreateTempSubdirectory("lambdaslim-htpasswd-").FullName, "htpasswd");
        File.WriteAllText(htpasswd, Htpasswd(user, password));
        return Start($"""
            auth:
              htpasswd:
                realm: lambdaslim-tests
                path: {htpasswd}
            """);
    }

    /// <summary>Starts the process (again, after <see cref="Kill"/>) and waits until it accepts connections.</summary>
    public void Launch()
    {
        var start = new ProcessStartInfo("docker-registry") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add(Path.Combine(Directory, "config.yml"));
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"docker-registry exited at start with code {_process.ExitCode}");
                }
                Thread.Sleep(50);
            }
        }
        throw new TimeoutException("docker-registry did not start listening within 30 s");
    }

    /// <summary>Kills the process (as a crash would): connections drop, nothing is flushed.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public void Dispose()
    {
        Kill();
        _process?.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a dying process: the temp folder is cleaned by the system later.
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private static string Htpasswd(string user, string password)
    {
        var start = new ProcessStartInfo("htpasswd") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-Bbn", user, password })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"htpasswd failed with code {process.ExitCode}: {process.StandardError.ReadToEnd()}");
        }
        return output.Trim() + "\n";
    }
}
