using System.Net;
using System.Net.Sockets;
using System.Text;
using LambdaSlim.Runtime.Api;
using LambdaSlim.Runtime.Http;
using LambdaSlim.Runtime.Invocations;
using LambdaSlim.Runtime.Logging;

namespace LambdaSlim.Runtime.Tests;

/// <summary>The HTTP connection and the Runtime API client against a real loopback socket server.</summary>
public class TransportTests
{
    private static readonly RuntimeOptions FastRetries = new()
    {
        InitialBackoff = TimeSpan.FromMilliseconds(1), MaxBackoff = TimeSpan.FromMilliseconds(5), PostResponseTimeout = TimeSpan.FromSeconds(5),
    };

    private readonly MemoryStream _logs = new();
    private string Logs => Encoding.UTF8.GetString(_logs.ToArray());

    private static HttpConnection Connect(LoopbackServer server, int responseTimeoutMs = 30_000) =>
        new(RuntimeApiEndpoint.TryParse(server.Address)!, TimeSpan.FromMilliseconds(responseTimeoutMs));

    private RuntimeApiClient Client(HttpConnection connection, LoopbackServer server, RuntimeOptions? options = null) =>
        new(connection, options ?? FastRetries, new LogSink(_logs, false, LogLevel.Trace), server.Address);

    private static long InSeconds(int seconds) => DateTimeOffset.UtcNow.AddSeconds(seconds).ToUnixTimeMilliseconds();

    [Fact]
    public void AResponseSentOneByteAtATimeIsReadWhole()
    {
        const string chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Case: Yes\r\n\r\n4;ext=1\r\nWiki\r\n5\r\npedia\r\n0\r\nX-Trailer: t\r\n\r\n";
        using var server = new LoopbackServer(_ => ServerReply.Raw(chunked, byteByByte: true));
        using HttpConnection connection = Connect(server);
        HttpResponse response = connection.Send(RuntimeApiRequests.Next(), waitForever: true);
        Assert.Equal("Wikipedia", Encoding.UTF8.GetString(response.Body));
        Assert.Equal("Yes", response.Headers.Get("x-case"));
        Assert.Equal("t", response.Trailers.Get("X-TRAILER"));
    }

    [Fact]
    public void RequestsShareOneKeepAliveConnection()
    {
        using var server = new LoopbackServer(_ => ServerReply.Status(202, "{}"));
        using HttpConnection connection = Connect(server);
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(202, connection.Send(RuntimeApiRequests.Response("r" + i, null, "{}"u8.ToArray(), null), waitForever: true).StatusCode);
        }
        Assert.Equal(1, server.Connections);
        Assert.Equal(5, server.Requests.Count);
    }

    [Fact]
    public void ConnectionCloseIsHonouredAndTheNextRequestReconnects()
    {
        using var server = new LoopbackServer(_ => ServerReply.Raw("HTTP/1.1 202 Accepted\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"));
        using HttpConnection connection = Connect(server);
        connection.Send(RuntimeApiRequests.Response("a", null, default, null), waitForever: true);
        connection.Send(RuntimeApiRequests.Response("b", null, default, null), waitForever: true);
        Assert.Equal(2, server.Connections);
    }

    [Fact]
    public void AnIdleConnectionClosedByTheServerIsReplacedBeforeAPostIsWritten()
    {
        // The server drops the keep-alive connection after each answer without saying so. A client that wrote the
        // next POST into the dead socket could not tell whether it arrived; ours checks first and reconnects.
        using var server = new LoopbackServer(_ => ServerReply.Status(202, "{}", closeAfter: true));
        using HttpConnection connection = Connect(server);
        var client = Client(connection, server);
        var invocation = new Invocation("r1", null, DateTimeOffset.UtcNow.AddSeconds(5), "", null, null, null, null, default);
        Assert.Equal(PostOutcome.Accepted, client.PostResponse(invocation, "1"u8.ToArray(), null));
        Thread.Sleep(100);
        Assert.Equal(PostOutcome.Accepted, client.PostResponse(invocation with { RequestId = "r2" }, "2"u8.ToArray(), null));
        Assert.Equal(2, server.Connections);
        Assert.Equal(["/2018-06-01/runtime/invocation/r1/response", "/2018-06-01/runtime/invocation/r2/response"],
            server.Requests.Select(r => r.Path));
    }

    [Fact]
    public void APostWhoseBodyNeverFullyLeftIsRetriedOnANewConnection()
    {
        int heads = 0;
        byte[] body = new byte[4 * 1024 * 1024];
        Random.Shared.NextBytes(body);
        using var server = new LoopbackServer(_ => ServerReply.Status(202), resetAfterHead: _ => Interlocked.Increment(ref heads) == 1);
        using HttpConnection connection = Connect(server);
        var invocation = new Invocation("r1", null, DateTimeOffset.UtcNow.AddSeconds(5), "", null, null, null, null, default);
        Assert.Equal(PostOutcome.Accepted, Client(connection, server).PostResponse(invocation, body, null));
        Assert.Single(server.Incomplete);
        Assert.Equal(body, Assert.Single(server.Requests).Body);
        Assert.Equal(2, server.Connections);
    }

    [Fact]
    public void APostFullyWrittenButUnansweredIsNeverSentTwice()
    {
        using var server = new LoopbackServer(r => r.Method == "GET" ? ServerReply.Event("r2", "{}", InSeconds(5)) : ServerReply.Drop);
        using HttpConnection connection = Connect(server);
        var client = Client(connection, server);
        var invocation = new Invocation("r1", null, DateTimeOffset.UtcNow.AddSeconds(5), "", null, null, null, null, default);
        Assert.Equal(PostOutcome.Uncertain, client.PostResponse(invocation, "{}"u8.ToArray(), null));
        Assert.Equal("r2", client.Next(CancellationToken.None).RequestId);
        Assert.Single(server.Requests, r => r.Method == "POST");
        Assert.Contains("LSLIM4007", Logs);
    }

    [Fact]
    public void AResponseSlowerThanTheBoundFailsThePostButNotNext()
    {
        using var server = new LoopbackServer(r =>
        {
            Thread.Sleep(600);
            return r.Method == "GET" ? ServerReply.Event("r1", "{}", InSeconds(5)) : ServerReply.Status(202);
        });
        using HttpConnection connection = Connect(server, responseTimeoutMs: 200);

        // GET /next waits past the bound (it is retried internally, the request is not sent again).
        Assert.Equal(200, connection.Send(RuntimeApiRequests.Next(), waitForever: true).StatusCode);
        Assert.Single(server.Requests);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var error = Assert.Throws<ConnectionFailedException>(() =>
            connection.Send(RuntimeApiRequests.Response("r1", null, "{}"u8.ToArray(), null)));
        Assert.True(error.RequestFullyWritten);
        Assert.Contains("no response within 200 ms", error.Message);
        Assert.InRange(watch.ElapsedMilliseconds, 150, 590);
    }

    [Fact]
    public void AClientErrorStatusToAPostIsFinal()
    {
        using var server = new LoopbackServer(_ => ServerReply.Status(400, "{\"errorType\":\"InvalidRequestID\"}"));
        using HttpConnection connection = Connect(server);
        var invocation = new Invocation("r1", null, DateTimeOffset.UtcNow.AddSeconds(5), "", null, null, null, null, default);
        Assert.Equal(PostOutcome.Rejected, Client(connection, server).PostResponse(invocation, "{}"u8.ToArray(), null));
        Assert.Single(server.Requests);
        Assert.Contains("LSLIM4010", Logs);
        Assert.Contains("InvalidRequestID", Logs);
    }

    [Fact]
    public void A410GoneToAPostIsOneWarningLineWithTheRequestIdAndIsNeverSentAgain()
    {
        using var server = new LoopbackServer(_ => ServerReply.Status(410, "{\"errorType\":\"InvocationGone\"}"));
        using HttpConnection connection = Connect(server);
        var invocation = new Invocation("r1", "inv-stale", DateTimeOffset.UtcNow.AddSeconds(5), "", null, null, null, "tenant-a", default);
        Assert.Equal(PostOutcome.Rejected, Client(connection, server).PostResponse(invocation, "{}"u8.ToArray(), null));
        Assert.Equal(PostOutcome.Rejected, Client(connection, server).PostError(invocation, new ErrorReport("E", "m", [])));
        Assert.Equal(2, server.Requests.Count); // one each, no repeat
        string[] lines = Logs.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.All(lines, line =>
        {
            string[] fields = line.Split('\t');
            Assert.Equal("WARN", fields[1]);
            Assert.Equal("r1", fields[2]);
            Assert.StartsWith("LSLIM4021: the Runtime API answered POST invocation/r1/", fields[3]);
            Assert.Contains("status 410", fields[3]);
            Assert.Contains("no longer current", fields[3]);
        });
    }

    [Fact]
    public void APostAnsweredWithAServerErrorIsSentAgain()
    {
        int posts = 0;
        using var server = new LoopbackServer(_ => Interlocked.Increment(ref posts) < 3 ? ServerReply.Status(500, "{}") : ServerReply.Status(202));
        using HttpConnection connection = Connect(server);
        var invocation = new Invocation("r1", null, DateTimeOffset.UtcNow.AddSeconds(5), "", null, null, null, null, default);
        Assert.Equal(PostOutcome.Accepted, Client(connection, server).PostError(invocation, new ErrorReport("E", "m", [])));
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public void APostRefusedAsAlreadyAnsweredIsDone()
    {
        using var server = new LoopbackServer(_ => ServerReply.Status(400, "{\"errorType\":\"InvalidStateTransition\"}"));
        using HttpConnection connection = Connect(server);
        var invocation = new Invocation("r1", null, DateTimeOffset.UtcNow.AddSeconds(5), "", null, null, null, null, default);
        Assert.Equal(PostOutcome.Rejected, Client(connection, server).PostResponse(invocation, "{}"u8.ToArray(), null));
        Assert.Single(server.Requests);
    }

    [Fact]
    public void NextRetriesServerErrorsGarbageAndDropsThenSucceeds()
    {
        int calls = 0;
        using var server = new LoopbackServer(_ => Interlocked.Increment(ref calls) switch
        {
            1 => ServerReply.Status(500, "{}"),
            2 => ServerReply.Raw("NOT HTTP AT ALL\r\n\r\n"),
            3 => ServerReply.Drop,
            4 => ServerReply.Raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n"),
            _ => ServerReply.Event("r1", "{\"ok\":true}", InSeconds(5), invocationId: "inv-1"),
        });
        using HttpConnection connection = Connect(server);
        Invocation invocation = Client(connection, server).Next(CancellationToken.None);
        Assert.Equal("r1", invocation.RequestId);
        Assert.Equal("inv-1", invocation.InvocationId);
        Assert.Equal("{\"ok\":true}", Encoding.UTF8.GetString(invocation.Body.Span));
        Assert.Equal(5, calls);
        Assert.Contains("LSLIM4002", Logs); // the garbage was reported as a protocol error
        Assert.Contains("retry 4", Logs);
    }

    [Fact]
    public void AnOversizedHeaderFailsInsteadOfHanging()
    {
        string huge = "HTTP/1.1 200 OK\r\nX-Big: " + new string('a', 200_000);
        using var server = new LoopbackServer(_ => ServerReply.Raw(huge));
        using HttpConnection connection = Connect(server);
        var error = Assert.Throws<ConnectionFailedException>(() => connection.Send(RuntimeApiRequests.Next(), waitForever: true));
        Assert.Contains("longer than 65536", error.Message);
    }

    [Fact]
    public void RepeatedFailuresGiveUpWithAClearMessage()
    {
        using var server = new LoopbackServer(_ => ServerReply.Status(500, "{\"errorType\":\"Broken\"}"));
        using HttpConnection connection = Connect(server);
        var error = Assert.Throws<RuntimeApiUnreachableException>(() => Client(connection, server).Next(CancellationToken.None));
        Assert.StartsWith("LSLIM4003: GET invocation/next failed 10 times in a row", error.Message);
        Assert.Contains(server.Address, error.Message);
        Assert.Equal(10, server.Requests.Count);
    }

    [Fact]
    public void AnUnreachableRuntimeApiEndsTheProcessWithExitCode2()
    {
        // A port that was free a moment ago: connections are refused.
        int port = LambdaSlim.Tests.Shared.LoopbackPort.Free();
        using var connection = new HttpConnection(RuntimeApiEndpoint.TryParse($"127.0.0.1:{port}")!, TimeSpan.FromSeconds(30));
        var sink = new LogSink(_logs, false, LogLevel.Info);
        var client = new RuntimeApiClient(connection, FastRetries, sink, $"127.0.0.1:{port}");
        int exit = RuntimeHost.Run(() => client, () => Task.FromResult(FunctionHandler.ForBuffered((_, _) => Task.FromResult<ReadOnlyMemory<byte>>(default), null)),
            FastRetries, new FunctionEnvironment("f", "1", 128, "g", "s"), sink, CancellationToken.None);
        Assert.Equal(RuntimeHost.ExitRuntimeApiUnreachable, exit);
        Assert.Contains("LSLIM4003", Logs);
        Assert.Contains("cannot connect", Logs);
    }

    [Fact]
    public void StopWakesABlockedNext()
    {
        using var release = new ManualResetEventSlim();
        using var server = new LoopbackServer(_ => { release.Wait(10_000); return ServerReply.Drop; });
        using HttpConnection connection = Connect(server);
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.ThrowsAny<OperationCanceledException>(() => Client(connection, server).Next(stop.Token));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5));
        release.Set();
    }

    [Fact]
    public void LinuxSocketAddressesHaveTheKernelLayout()
    {
        Assert.Equal(new byte[] { 2, 0, 0x23, 0x29, 127, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0 },
            LibcSocket.LinuxSocketAddress(new IPEndPoint(IPAddress.Loopback, 9001)));
        byte[] v6 = LibcSocket.LinuxSocketAddress(new IPEndPoint(IPAddress.IPv6Loopback, 9001));
        Assert.Equal(28, v6.Length);
        Assert.Equal(new byte[] { 10, 0, 0x23, 0x29, 0, 0, 0, 0 }, v6[..8]);
        Assert.Equal(IPAddress.IPv6Loopback.GetAddressBytes(), v6[8..24]);
    }

    [Theory]
    [InlineData("127.0.0.1:9001", true)]
    [InlineData("[::1]:9001", true)]
    [InlineData("localhost:9001", true)]
    [InlineData("127.0.0.1", false)]
    [InlineData("127.0.0.1:0", false)]
    [InlineData("127.0.0.1:99999", false)]
    [InlineData("runtime.example:9001", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void RuntimeApiAddressMustBeIpAndPort(string? value, bool valid)
    {
        Assert.Equal(valid, RuntimeApiEndpoint.TryParse(value) is not null);
    }
}
