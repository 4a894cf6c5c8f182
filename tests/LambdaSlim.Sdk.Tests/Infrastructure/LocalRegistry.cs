using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LambdaSlim.Sdk.Tests.Infrastructure;

/// <summary>
/// A real Debian <c>docker-registry</c> process on 127.0.0.1 and a free port, with filesystem storage in a temporary
/// folder, stopped and removed when disposed. Never the packaged configuration (it listens on all addresses).
/// </summary>
public sealed class LocalRegistry : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _root;

    private LocalRegistry(Process process, string root, int port)
    {
        _process = process;
        _root = root;
        Port = port;
    }

    public int Port { get; }

    public string Host => $"127.0.0.1:{Port}";

    public static async Task<LocalRegistry> StartAsync()
    {
        var root = Directory.CreateTempSubdirectory("lambdaslim-registry-").FullName;
        var port = FreePort();
        var config = Path.Combine(root, "config.yml");
        await File.WriteAllTextAsync(config, $"""
            version: 0.1
            log:
              level: warn
            storage:
              filesystem:
                rootdirectory: {Path.Combine(root, "data")}
              delete:
                enabled: true
            http:
              addr: 127.0.0.1:{port}
            """);
        var info = new ProcessStartInfo("docker-registry", ["serve", config])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                var ping = await http.GetAsync($"http://127.0.0.1:{port}/v2/");
                if (ping.StatusCode == HttpStatusCode.OK)
                {
                    return new LocalRegistry(process, root, port);
                }
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }

        process.Kill();
        throw new InvalidOperationException("docker-registry did not start on port " + port);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
