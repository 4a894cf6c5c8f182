using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LambdaSlim.Bench;

/// <summary>
/// Times an HTTP server (an ASP.NET Core app under Kestrel) from spawn to its first answered request, the cold start a
/// server has instead of the Runtime API's: its arguments and environment values get <c>{port}</c> replaced by a free
/// loopback port (e.g. <c>ASPNETCORE_URLS=http://127.0.0.1:{port}</c>),
/// the harness connects as soon as the port accepts (retrying every 0.1 ms), sends one GET and waits for the status
/// line; then the process is killed. Same process set-up as the cold starts (empty environment, output captured).
/// </summary>
internal static class SpawnToHttpResponse
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public static TimeSpan Time(FunctionUnderTest server, string path)
    {
        int port = FreePort();
        var startInfo = new ProcessStartInfo(server.FileName)
        {
            WorkingDirectory = server.WorkingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in server.Arguments)
        {
            startInfo.ArgumentList.Add(WithPort(argument, port));
        }
        startInfo.Environment.Clear();
        startInfo.Environment["PATH"] = "/usr/local/bin:/usr/bin/:/bin:/opt/bin";
        foreach (var (name, value) in server.Environment)
        {
            startInfo.Environment[name] = WithPort(value, port);
        }
        byte[] request = Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
        long spawn = Stopwatch.GetTimestamp();
        using var process = Process.Start(startInfo)!;
        // Drain the output so a chatty server never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var connection = Connect(port, process, spawn);
            connection.Send(request);
            var status = new byte[12]; // "HTTP/1.1 200"
            int read = 0;
            while (read < status.Length)
            {
                int n = connection.Receive(status, read, status.Length - read, SocketFlags.None);
                if (n == 0)
                {
                    throw new InvalidOperationException($"{server.Name} closed the connection before its status line.");
                }
                read += n;
            }
            var elapsed = Stopwatch.GetElapsedTime(spawn);
            string line = Encoding.ASCII.GetString(status);
            if (!line.StartsWith("HTTP/1.1 2", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"{server.Name} answered {line} to GET {path}.");
            }
            return elapsed;
        }
        finally
        {
            process.Kill();
            process.WaitForExit();
        }
    }

    private static Socket Connect(int port, Process process, long spawn)
    {
        var endpoint = new IPEndPoint(IPAddress.Loopback, port);
        while (true)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Connect(endpoint);
                return socket;
            }
            catch (SocketException)
            {
                socket.Dispose();
                if (process.HasExited || Stopwatch.GetElapsedTime(spawn) > Limit)
                {
                    throw new InvalidOperationException($"The server did not listen on 127.0.0.1:{port} (exited: {process.HasExited}).");
                }
                Thread.Sleep(TimeSpan.FromTicks(1000)); // 0.1 ms
            }
        }
    }

    private static string WithPort(string text, int port) =>
        text.Replace("{port}", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    private static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
