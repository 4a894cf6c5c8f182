using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LambdaSlim.Bench;

/// <summary>What one cold start took, both from the moment the harness asked the OS to spawn the process.</summary>
/// <param name="ToFirstNext">Until the first GET /next had fully arrived (the function's init).</param>
/// <param name="ToFirstResponse">Until the first POST /response had fully arrived (init + one invoke).</param>
/// <param name="CpuToFirstResponse">CPU time the process had used by then (all its threads): the same start
/// measured in work done rather than in wall time, so it says more than wall time on a loaded machine.</param>
/// <param name="Threads">Threads the process had by then (each one a start-up cost the C baseline does not pay).</param>
/// <param name="PageFaults">Minor page faults the process had taken by then.</param>
/// <param name="PageFaultsAtNext">Minor page faults the process had taken when GET /next arrived.</param>
/// <param name="Spawn">The harness's Stopwatch timestamp just before the spawn (CLOCK_MONOTONIC nanoseconds, the same clock
/// a function reads with Stopwatch.GetTimestamp, so stamps the function reports can be placed on this time line).</param>
/// <param name="NextArrived">Stopwatch timestamp when the first GET /next had arrived.</param>
/// <param name="Response">The body of the first /response.</param>
internal sealed record ColdStartSample(TimeSpan ToFirstNext, TimeSpan ToFirstResponse, TimeSpan CpuToFirstResponse, int Threads,
    long PageFaults, long PageFaultsAtNext, long Spawn, long NextArrived, byte[] Response);

/// <summary>
/// The smallest Runtime API that can time a cold start: one listening socket on 127.0.0.1 (opened once, so server
/// start-up is never counted), one synchronous exchange per process — GET /next answered with the event, POST
/// /response read to its last byte and accepted — then the process is killed. No threads, no async machinery and
/// no logging between the spawn and the two timestamps, so the harness adds as little as it can to what it times.
/// </summary>
internal sealed class ColdStartServer : IDisposable
{
    private const string RuntimePrefix = "/2018-06-01/runtime/invocation/";
    private static readonly TimeSpan ExchangeTimeout = TimeSpan.FromSeconds(60);

    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly string _defaultEventFile;
    private int _invocations;

    public ColdStartServer(string defaultEventFile)
    {
        _defaultEventFile = defaultEventFile;
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(8);
    }

    private int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    /// <summary>Spawns <paramref name="function"/>, serves it one event and times the way to its answer.</summary>
    public ColdStartSample TimeColdStart(FunctionUnderTest function)
    {
        string requestId = $"bench-{++_invocations:D6}";
        byte[] nextResponse = NextResponse(requestId, function.Event(_defaultEventFile));
        var startInfo = StartInfo(function);
        long spawn = Stopwatch.GetTimestamp();
        using var process = Process.Start(startInfo)!;
        try
        {
            using var connection = Accept(function, process);
            var pending = new List<byte>();
            var next = RuntimeApiRequest.Read(connection, pending);
            long nextArrived = Stopwatch.GetTimestamp();
            long pageFaultsAtNext = ProcessCpuTime.MinorFaults(process.Id);
            Expect(function, next, "GET", RuntimePrefix + "next");
            connection.Send(nextResponse);

            var response = RuntimeApiRequest.Read(connection, pending);
            long responseArrived = Stopwatch.GetTimestamp();
            var cpu = ProcessCpuTime.Read(process.Id);
            long pageFaults = ProcessCpuTime.MinorFaults(process.Id);
            int threads = Directory.GetDirectories($"/proc/{process.Id.ToString(CultureInfo.InvariantCulture)}/task").Length;
            Expect(function, response, "POST", $"{RuntimePrefix}{requestId}/response");
            if (response.Body.Length == 0)
            {
                throw new InvalidDataException($"{function.Name} posted an empty response.");
            }
            connection.Send("HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n{\"status\":\"OK\"}"u8);
            return new ColdStartSample(Stopwatch.GetElapsedTime(spawn, nextArrived), Stopwatch.GetElapsedTime(spawn, responseArrived), cpu, threads,
                pageFaults, pageFaultsAtNext, spawn, nextArrived, response.Body);
        }
        finally
        {
            process.Kill();
            process.WaitForExit();
            DropStaleConnections();
        }
    }

    /// <summary>
    /// Instructions the process executes (valgrind's callgrind counts them, whatever the machine's load) when it is
    /// stopped by SIGTERM at its first GET /next (<c>Init</c>: start-up, plus the exit), and when it is served one
    /// event first and stopped at its second /next (<c>WithFirstInvoke</c>); their difference is the first invocation.
    /// </summary>
    public (long Init, long WithFirstInvoke) CountInstructions(FunctionUnderTest function, string workFolder) =>
        (CountInstructions(function, workFolder, events: 0), CountInstructions(function, workFolder, events: 1));

    private long CountInstructions(FunctionUnderTest function, string workFolder, int events)
    {
        string output = Path.Combine(workFolder, $"callgrind-{++_invocations:D6}.out");
        // A copy away from the .dbg file the SDK writes beside bootstrap: valgrind 3.19 follows the debug link and
        // gives up on its DWARF 5. Counting needs no symbols.
        string program = Path.Combine(workFolder, $"program-{_invocations:D6}");
        File.Copy(function.FileName, program); // keeps the execute bit
        var startInfo = StartInfo(function);
        startInfo.FileName = "valgrind";
        startInfo.ArgumentList.Clear();
        foreach (string argument in (string[])["--tool=callgrind", "--callgrind-out-file=" + output, program, .. function.Arguments])
        {
            startInfo.ArgumentList.Add(argument);
        }
        using var process = Process.Start(startInfo)!;
        try
        {
            using var connection = Accept(function, process);
            var pending = new List<byte>();
            for (int served = 0; served < events; served++)
            {
                string requestId = $"bench-{_invocations:D6}-{served}";
                Expect(function, RuntimeApiRequest.Read(connection, pending), "GET", RuntimePrefix + "next");
                connection.Send(NextResponse(requestId, function.Event(_defaultEventFile)));
                Expect(function, RuntimeApiRequest.Read(connection, pending), "POST", $"{RuntimePrefix}{requestId}/response");
                connection.Send("HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n{\"status\":\"OK\"}"u8);
            }
            Expect(function, RuntimeApiRequest.Read(connection, pending), "GET", RuntimePrefix + "next");
            _ = kill(process.Id, Sigterm);
            process.WaitForExit();
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
            DropStaleConnections();
        }
        string summary = File.ReadLines(output).FirstOrDefault(l => l.StartsWith("summary: ", StringComparison.Ordinal))
            ?? throw new InvalidDataException($"callgrind wrote no summary for {function.Name} ({output}).");
        return long.Parse(summary["summary: ".Length..], CultureInfo.InvariantCulture);
    }

    private const int Sigterm = 15;

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    /// <summary>Like Lambda (and the emulator): exactly the runtime's environment, not the harness's; output captured.</summary>
    private ProcessStartInfo StartInfo(FunctionUnderTest function)
    {
        var startInfo = new ProcessStartInfo(function.FileName)
        {
            WorkingDirectory = function.WorkingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in function.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }
        startInfo.Environment.Clear();
        startInfo.Environment["PATH"] = "/usr/local/bin:/usr/bin/:/bin:/opt/bin";
        startInfo.Environment["TZ"] = ":UTC";
        startInfo.Environment["LAMBDA_TASK_ROOT"] = function.WorkingDirectory;
        startInfo.Environment["AWS_REGION"] = "us-east-1";
        startInfo.Environment["AWS_LAMBDA_FUNCTION_NAME"] = "bench";
        startInfo.Environment["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST";
        startInfo.Environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = "128";
        startInfo.Environment["AWS_LAMBDA_LOG_GROUP_NAME"] = "/aws/lambda/bench";
        startInfo.Environment["AWS_LAMBDA_LOG_STREAM_NAME"] = "bench";
        startInfo.Environment["AWS_LAMBDA_RUNTIME_API"] = $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";
        foreach (var (name, value) in function.Environment)
        {
            startInfo.Environment[name] = value;
        }
        return startInfo;
    }

    /// <summary>
    /// A function that saw its connection closed may have reconnected (its retry) before it was killed; that
    /// connection waits in the backlog and must not be mistaken for the next process's.
    /// </summary>
    private void DropStaleConnections()
    {
        while (_listener.Poll(TimeSpan.Zero, SelectMode.SelectRead))
        {
            _listener.Accept().Dispose();
        }
    }

    /// <summary>Waits for the function's connection; a process that dies first is reported with its stderr.</summary>
    private Socket Accept(FunctionUnderTest function, Process process)
    {
        var waited = Stopwatch.StartNew();
        while (!_listener.Poll(TimeSpan.FromMilliseconds(50), SelectMode.SelectRead))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException(
                    $"{function.Name} exited with code {process.ExitCode} before connecting: {process.StandardError.ReadToEnd()}");
            }
            if (waited.Elapsed > ExchangeTimeout)
            {
                throw new TimeoutException($"{function.Name} did not connect to the Runtime API within {ExchangeTimeout.TotalSeconds} s.");
            }
        }
        var connection = _listener.Accept();
        connection.NoDelay = true;
        connection.ReceiveTimeout = (int)ExchangeTimeout.TotalMilliseconds;
        return connection;
    }

    private static byte[] NextResponse(string requestId, byte[] eventBody)
    {
        long deadline = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeMilliseconds();
        string head =
            "HTTP/1.1 200 OK\r\n" +
            "Content-Type: application/json\r\n" +
            $"Lambda-Runtime-Aws-Request-Id: {requestId}\r\n" +
            $"Lambda-Runtime-Deadline-Ms: {deadline.ToString(CultureInfo.InvariantCulture)}\r\n" +
            "Lambda-Runtime-Invoked-Function-Arn: arn:aws:lambda:us-east-1:012345678912:function:bench\r\n" +
            "Lambda-Runtime-Trace-Id: Root=1-00000000-000000000000000000000000;Parent=0000000000000000;Sampled=0\r\n" +
            $"Content-Length: {eventBody.Length.ToString(CultureInfo.InvariantCulture)}\r\n\r\n";
        return [.. Encoding.ASCII.GetBytes(head), .. eventBody];
    }

    private static void Expect(FunctionUnderTest function, RuntimeApiRequest request, string method, string path)
    {
        if (request.Method != method || request.Path != path)
        {
            throw new InvalidDataException($"{function.Name} sent {request.Method} {request.Path}; expected {method} {path}.");
        }
    }

    public void Dispose() => _listener.Dispose();
}
