using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LambdaSlim.Core.Tests.Registry.Ecr.Support;

/// <summary>
/// A real Debian <c>docker-registry</c> on 127.0.0.1 (a free port) with htpasswd basic auth for one user, storage
/// in a temporary folder. Written from scratch per test: never the packaged config, which listens on every address.
/// </summary>
internal sealed class HtpasswdRegistry : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _root;

    private HtpasswdRegistry(Process process, string root, Uri uri)
    {
        _process = process;
        _root = root;
        Uri = uri;
    }

    public Uri Uri { get; }

    public static async Task<HtpasswdRegistry> StartAsync(string user, string password)
    {
        var root = Directory.CreateTempSubdirectory("lslim-ecr-registry-").FullName;
        try
        {
            var htpasswd = Path.Combine(root, "htpasswd");
            var hash = await RunAsync("htpasswd", ["-Bbn", user, password]);
            await File.WriteAllTextAsync(htpasswd, hash.Trim() + "\n");

            var port = FreePort();
            var config = Path.Combine(root, "config.yml");
            await File.WriteAllTextAsync(config, $"""
                version: 0.1
                log:
                  level: warn
                storage:
                  filesystem:
                    rootdirectory: {Path.Combine(root, "data")}
                http:
                  addr: 127.0.0.1:{port}
                auth:
                  htpasswd:
                    realm: lambdaslim-test
                    path: {htpasswd}
                """);

            var start = new ProcessStartInfo("docker-registry") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add("serve");
            start.ArgumentList.Add(config);
            var process = Process.Start(start) ?? throw new InvalidOperationException("docker-registry did not start");
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var registry = new HtpasswdRegistry(process, root, new Uri($"http://127.0.0.1:{port}/"));
            await registry.WaitUntilServingAsync();
            return registry;
        }
        catch
        {
            Directory.Delete(root, recursive: true);
            throw;
        }
    }

    private async Task WaitUntilServingAsync()
    {
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"docker-registry exited with code {_process.ExitCode}");
            }
            try
            {
                using var response = await http.GetAsync(new Uri(Uri, "/v2/"));
                if (response.StatusCode == HttpStatusCode.Unauthorized)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("docker-registry did not answer within 30 s");
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static async Task<string> RunAsync(string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} failed with code {process.ExitCode}");
        }
        return output;
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
}
