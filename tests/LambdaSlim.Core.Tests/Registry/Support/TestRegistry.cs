using System.Diagnostics;
using System.Net.Sockets;

namespace LambdaSlim.Core.Tests.Registry.Support;

/// <summary>
/// A real Debian <c>docker-registry</c> (distribution 2.8) process on 127.0.0.1 and a free port, with its own
/// config (never the packaged one) and filesystem storage in a temp folder. Can be killed and restarted on the
/// same port and storage.
/// </summary>
internal sealed class TestRegistry : IDisposable
{
    private Process? _process;

    private TestRegistry(string directory, int port)
    {
        Directory = directory;
        Port = port;
    }

    public string Directory { get; }

    public int Port { get; }

    public string Host => $"127.0.0.1:{Port}";

    public static TestRegistry Start(string? authYaml = null)
    {
        var directory = Tool.TempDirectory();
        var registry = new TestRegistry(directory, Tool.FreePort());
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
        registry.Launch();
        return registry;
    }

    /// <summary>Basic auth from an htpasswd file made by the real <c>htpasswd -Bbn</c>.</summary>
    public static TestRegistry StartWithHtpasswd(string user, string password)
    {
        var htpasswd = Path.Combine(Tool.TempDirectory(), "htpasswd");
        File.WriteAllText(htpasswd, Tool.Run("htpasswd", "-Bbn", user, password));
        return Start($"""
            auth:
              htpasswd:
                realm: lambdaslim-tests
                path: {htpasswd}
            """);
    }

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
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect("127.0.0.1", Port);
                return;
            }
            catch (SocketException)
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException("docker-registry exited at start");
                }
                Thread.Sleep(50);
            }
        }
        throw new TimeoutException("docker-registry did not start listening");
    }

    /// <summary>Kills the process (as a crash would): connections drop, nothing is flushed.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
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
        }
    }
}
