using System.Text;
using System.Text.Json;
using LambdaSlim.Emulator.Faults;
using LambdaSlim.Emulator.Tests.Support;

namespace LambdaSlim.Emulator.Tests.RuntimeApi;

/// <summary>
/// The emulator's Runtime API on the wire: the test plays the function with raw bytes over a socket, the emulator
/// runs a real (scripted) process so its lifecycle is the real one.
/// </summary>
public sealed class RuntimeApiProtocolTests : IDisposable
{
    private const string Next = "/2018-06-01/runtime/invocation/next";
    private readonly ScriptedFunction _function = new();

    private LambdaEmulator NewEmulator(FaultPlan? faults = null, TimeSpan? timeout = null, List<EmulatorEvent>? events = null,
        int maxConcurrency = 1) => new(new EmulatorOptions
    {
        MaxConcurrency = maxConcurrency,
        Command = _function.Command(),
        FunctionName = "raw",
        Region = "eu-west-1",
        Timeout = timeout ?? TimeSpan.FromSeconds(30),
        Faults = faults,
        Events = events is null ? null : e => { lock (events) { events.Add(e); } },
    });

    private static string Response(string id) => $"/2018-06-01/runtime/invocation/{id}/response";

    [Fact]
    public async Task Next_delivers_the_event_with_Lambdas_headers()
    {
        await using var emulator = NewEmulator(timeout: TimeSpan.FromSeconds(42));
        var invoke = emulator.InvokeAsync("{\"hello\":1}"u8.ToArray(), new InvokeOptions
        {
            ClientContext = "{ \"custom\" :\r\n { \"k\" : \"vé\" } }",
            CognitoIdentity = "{\"cognitoIdentityId\":\"id-1\"}",
        });
        using var client = new RawHttpClient(await _function.WaitForPortAsync());
        var before = DateTimeOffset.UtcNow;
        await client.SendAsync(RawHttpClient.Get(Next));
        var next = await client.ReadResponseAsync();

        Assert.Equal(200, next.Status);
        Assert.Equal("{\"hello\":1}", next.BodyText);
        var id = next.Headers["Lambda-Runtime-Aws-Request-Id"];
        Assert.True(Guid.TryParse(id, out _));
        var deadline = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(next.Headers["Lambda-Runtime-Deadline-Ms"]));
        Assert.InRange(deadline - before, TimeSpan.FromSeconds(35), TimeSpan.FromSeconds(43));
        Assert.Equal("arn:aws:lambda:eu-west-1:012345678912:function:raw", next.Headers["Lambda-Runtime-Invoked-Function-Arn"]);
        Assert.Matches("^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$", next.Headers["Lambda-Runtime-Trace-Id"]);
        Assert.Equal("{ \"custom\" :   { \"k\" : \"vé\" } }", next.Headers["Lambda-Runtime-Client-Context"]); // one line, else verbatim
        Assert.Equal("{\"cognitoIdentityId\":\"id-1\"}", next.Headers["Lambda-Runtime-Cognito-Identity"]);
        Assert.True(next.Headers.ContainsKey("Lambda-Runtime-Invocation-Id"));

        await client.SendAsync(RawHttpClient.Post(Response(id), "\"ok\"",
            "Lambda-Runtime-Invocation-Id: " + next.Headers["Lambda-Runtime-Invocation-Id"]));
        var accepted = await client.ReadResponseAsync();
        Assert.Equal(202, accepted.Status);

        var result = await invoke;
        Assert.Equal(InvocationStatus.Success, result.Status);
        Assert.Equal(id, result.RequestId);
        Assert.Equal("\"ok\"", result.PayloadText);
        Assert.True(result.IsColdStart);
    }

    [Fact]
    public async Task A_second_answer_for_the_same_invocation_is_rejected_and_counted()
    {
        await using var emulator = NewEmulator();
        var invoke = emulator.InvokeAsync("{}"u8.ToArray());
        using var client = new RawHttpClient(await _function.WaitForPortAsync());
        await client.SendAsync(RawHttpClient.Get(Next));
        var id = (await client.ReadResponseAsync()).Headers["Lambda-Runtime-Aws-Request-Id"];

        await client.SendAsync(RawHttpClient.Post(Response(id), "first"));
        Assert.Equal(202, (await client.ReadResponseAsync()).Status);
        Assert.Equal("first", (await invoke).PayloadText);

        await client.SendAsync(RawHttpClient.Post(Response(id), "second"));
        var duplicate = await client.ReadResponseAsync();
        await client.SendAsync(RawHttpClient.Post($"/2018-06-01/runtime/invocation/{id}/error", "{}"));
        var duplicateError = await client.ReadResponseAsync();
        await client.SendAsync(RawHttpClient.Post(Response("never-issued"), "x"));
        var unknown = await client.ReadResponseAsync();

        Assert.Equal(400, duplicate.Status);
        Assert.Contains("InvalidStateTransition", duplicate.BodyText);
        Assert.Equal(400, duplicateError.Status);
        Assert.Equal(400, unknown.Status);
        Assert.Contains("InvalidRequestID", unknown.BodyText);
        var counters = emulator.Counters;
        Assert.Equal(2, counters.DuplicatePostsRejected);
        Assert.Equal(1, counters.UnknownRequestIdPosts);
        Assert.Equal(1, counters.Responses);
        Assert.Equal(0, counters.Errors);
    }

    [Fact]
    public async Task A_stale_invocation_id_is_answered_410_Gone_and_the_invocation_waits_for_the_current_one()
    {
        await using var emulator = NewEmulator();
        var invoke = emulator.InvokeAsync("{}"u8.ToArray(), new InvokeOptions { TenantId = "tenant-1" });
        using var client = new RawHttpClient(await _function.WaitForPortAsync());
        await client.SendAsync(RawHttpClient.Get(Next));
        var next = await client.ReadResponseAsync();
        var id = next.Headers["Lambda-Runtime-Aws-Request-Id"];
        Assert.Equal("tenant-1", next.Headers["Lambda-Runtime-Aws-Tenant-Id"]);

        await client.SendAsync(RawHttpClient.Post(Response(id), "stale", "Lambda-Runtime-Invocation-Id: not-the-current-one"));
        var gone = await client.ReadResponseAsync();
        await client.SendAsync(RawHttpClient.Post(Response(id), "current",
            "Lambda-Runtime-Invocation-Id: " + next.Headers["Lambda-Runtime-Invocation-Id"]));
        var accepted = await client.ReadResponseAsync();

        Assert.Equal(410, gone.Status);
        Assert.Contains("InvocationGone", gone.BodyText);
        Assert.Equal(202, accepted.Status);
        Assert.Equal("current", (await invoke).PayloadText);
        Assert.Equal(1, emulator.Counters.GonePostsRejected);
        Assert.Equal(0, emulator.Counters.DuplicatePostsRejected);
    }

    [Fact]
    public async Task With_concurrency_a_timeout_ends_only_its_invocation_and_its_late_answer_is_410_Gone()
    {
        await using var emulator = NewEmulator(timeout: TimeSpan.FromSeconds(1), maxConcurrency: 2);
        var invoke = emulator.InvokeAsync("{}"u8.ToArray());
        using var client = new RawHttpClient(await _function.WaitForPortAsync());
        await client.SendAsync(RawHttpClient.Get(Next));
        var next = await client.ReadResponseAsync();
        var id = next.Headers["Lambda-Runtime-Aws-Request-Id"];

        Assert.Equal(InvocationStatus.Timeout, (await invoke).Status);
        await client.SendAsync(RawHttpClient.Post(Response(id), "late", "Lambda-Runtime-Invocation-Id: " + next.Headers["Lambda-Runtime-Invocation-Id"]));
        var late = await client.ReadResponseAsync();
        Assert.Equal(410, late.Status);
        Assert.Contains("InvocationGone", late.BodyText);

        // The same process (the same Runtime API) serves the next invocation.
        var again = emulator.InvokeAsync("{}"u8.ToArray());
        await client.SendAsync(RawHttpClient.Get(Next));
        var second = (await client.ReadResponseAsync()).Headers["Lambda-Runtime-Aws-Request-Id"];
        await client.SendAsync(RawHttpClient.Post(Response(second), "on time"));
        Assert.Equal(202, (await client.ReadResponseAsync()).Status);
        Assert.Equal("on time", (await again).PayloadText);
        Assert.Equal(1, emulator.Counters.ProcessStarts);
        Assert.Equal(0, emulator.Counters.ProcessKills);
        Assert.Equal(1, emulator.Counters.GonePostsRejected);
    }

    [Fact]
    public async Task Error_posts_carry_the_type_from_the_header()
    {
        await using var emulator = NewEmulator();
        var invoke = emulator.InvokeAsync("{}"u8.ToArray());
        using var client = new RawHttpClient(await _function.WaitForPortAsync());
        await client.SendAsync(RawHttpClient.Get(Next));
        var id = (await client.ReadResponseAsync()).Headers["Lambda-Runtime-Aws-Request-Id"];
        var document = "{\"errorMessage\":\"bad\",\"errorType\":\"FromBody\",\"stackTrace\":[\"at X\"]}";
        await client.SendAsync(RawHttpClient.Post($"/2018-06-01/runtime/invocation/{id}/error", document,
            "Content-Type: application/vnd.aws.lambda.error+json", "Lambda-Runtime-Function-Error-Type: FromHeader"));
        Assert.Equal(202, (await client.ReadResponseAsync()).Status);

        var result = await invoke;
        Assert.Equal(InvocationStatus.FunctionError, result.Status);
        Assert.Equal("FromHeader", result.ErrorType);
        Assert.Equal(document, result.ErrorDocumentText);
    }

    [Fact]
    public async Task A_buffered_response_over_6_MB_gets_413_and_the_invocation_ends_in_an_error()
    {
        await using var emulator = NewEmulator();
        var invoke = emulator.InvokeAsync("{}"u8.ToArray());
        using var client = new RawHttpClient(await _function.WaitForPortAsync());
        await client.SendAsync(RawHttpClient.Get(Next));
        var id = (await client.ReadResponseAsync()).Headers["Lambda-Runtime-Aws-Request-Id"];
        await client.SendAsync(RawHttpClient.Post(Response(id), new byte[6 * 1024 * 1024 + 101]));
        var tooLarge = await client.ReadResponseAsync();

        Assert.Equal(413, tooLarge.Status);
        var result = await invoke;
        Assert.Equal(InvocationStatus.FunctionError, result.Status);
        Assert.Equal("Function.ResponseSizeTooLarge", result.ErrorType);
        Assert.Contains("6291556 bytes", result.ErrorDocumentText);

        // The connection stays usable (the body was drained): the next request on it is served.
        var second = emulator.InvokeAsync("{}"u8.ToArray());
        await client.SendAsync(RawHttpClient.Get(Next));
        var id2 = (await client.ReadResponseAsync()).Headers["Lambda-Runtime-Aws-Request-Id"];
        await client.SendAsync(RawHttpClient.Post(Response(id2), new byte[6 * 1024 * 1024]));
        Assert.Equal(202, (await client.ReadResponseAsync()).Status);
        Assert.Equal(6 * 1024 * 1024, (await second).Payload.Length);
    }

    [Fact]
    public async Task A_streamed_response_relays_chunks_and_reads_the_error_trailers()
    {
        await using var emulator = NewEmulator();
        var sink = new MemoryStream();
        var started = 0;
        var invoke = emulator.InvokeAsync("{}"u8.ToArray(), new InvokeOptions
        {
            StreamingSink = sink,
            OnStreamingStarted = _ => { started++; return ValueTask.CompletedTask; },
        });
        using var client = new RawHttpClient(await _function.WaitForPortAsync());
        await client.SendAsync(RawHttpClient.Get(Next));
        var id = (await client.ReadResponseAsync()).Headers["Lambda-Runtime-Aws-Request-Id"];
        var errorBody = Convert.ToBase64String("{\"errorMessage\":\"mid-stream\",\"errorType\":\"Broken\"}"u8);
        await client.SendAsync(
            $"POST {Response(id)} HTTP/1.1\r\nLambda-Runtime-Function-Response-Mode: streaming\r\nTransfer-Encoding: chunked\r\n\r\n" +
            "6\r\npart1\n\r\n");
        await client.SendAsync("6\r\npart2\n\r\n");
        await client.SendAsync($"0\r\nLambda-Runtime-Function-Error-Type: Broken\r\nLambda-Runtime-Function-Error-Body: {errorBody}\r\n\r\n");
        Assert.Equal(202, (await client.ReadResponseAsync()).Status);

        var result = await invoke;
        Assert.Equal(InvocationStatus.FunctionError, result.Status);
        Assert.True(result.IsStreamed);
        Assert.Equal("Broken", result.ErrorType);
        Assert.Equal("mid-stream", JsonDocument.Parse(result.ErrorDocument).RootElement.GetProperty("errorMessage").GetString());
        Assert.Equal("part1\npart2\n", Encoding.UTF8.GetString(sink.ToArray()));
        Assert.Equal(1, started);
    }

    [Fact]
    public async Task The_result_carries_the_content_type_of_a_buffered_and_of_a_streamed_response()
    {
        await using var emulator = NewEmulator();
        var buffered = emulator.InvokeAsync("{}"u8.ToArray());
        using var client = new RawHttpClient(await _function.WaitForPortAsync());
        await client.SendAsync(RawHttpClient.Get(Next));
        var id = (await client.ReadResponseAsync()).Headers["Lambda-Runtime-Aws-Request-Id"];
        await client.SendAsync(RawHttpClient.Post(Response(id), "{}", "Content-Type: application/json"));
        Assert.Equal(202, (await client.ReadResponseAsync()).Status);
        Assert.Equal("application/json", (await buffered).ContentType);

        var streamed = emulator.InvokeAsync("{}"u8.ToArray());
        await client.SendAsync(RawHttpClient.Get(Next));
        id = (await client.ReadResponseAsync()).Headers["Lambda-Runtime-Aws-Request-Id"];
        await client.SendAsync(
            $"POST {Response(id)} HTTP/1.1\r\nLambda-Runtime-Function-Response-Mode: streaming\r\n" +
            "Content-Type: application/vnd.awslambda.http-integration-response\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n");
        Assert.Equal(202, (await client.ReadResponseAsync()).Status);
        var result = await streamed;
        Assert.True(result.IsStreamed);
        Assert.Equal("application/vnd.awslambda.http-integration-response", result.ContentType);
        Assert.Equal("{}", result.PayloadText);
    }

    [Fact]
    public async Task Init_error_ends_the_invoke_as_an_init_failure_and_the_next_invoke_starts_a_new_process()
    {
        await using var emulator = NewEmulator();
        var invoke = emulator.InvokeAsync("{}"u8.ToArray());
        using (var client = new RawHttpClient(await _function.WaitForPortAsync()))
        {
            await client.SendAsync(RawHttpClient.Post("/2018-06-01/runtime/init/error",
                "{\"errorMessage\":\"no config\",\"errorType\":\"ConfigMissing\"}", "Lambda-Runtime-Function-Error-Type: ConfigMissing"));
            Assert.Equal(202, (await client.ReadResponseAsync()).Status);
        }
        var result = await invoke;
        Assert.Equal(InvocationStatus.InitError, result.Status);
        Assert.Equal("ConfigMissing", result.ErrorType);
        Assert.Equal(1, emulator.Counters.InitErrors);

        var again = emulator.InvokeAsync("{}"u8.ToArray());
        using var second = new RawHttpClient(await _function.WaitForPortAsync());
        await second.SendAsync(RawHttpClient.Get(Next));
        var id = (await second.ReadResponseAsync()).Headers["Lambda-Runtime-Aws-Request-Id"];
        await second.SendAsync(RawHttpClient.Post(Response(id), "1"));
        await second.ReadResponseAsync();
        Assert.Equal(InvocationStatus.Success, (await again).Status);
        Assert.Equal(2, emulator.Counters.ProcessStarts);
    }

    [Fact]
    public async Task An_unanswered_invocation_times_out_kills_the_process_and_says_so_like_Lambda()
    {
        await using var emulator = NewEmulator(timeout: TimeSpan.FromSeconds(1));
        var invoke = emulator.InvokeAsync("{}"u8.ToArray());
        using var client = new RawHttpClient(await _function.WaitForPortAsync());
        await client.SendAsync(RawHttpClient.Get(Next));
        var id = (await client.ReadResponseAsync()).Headers["Lambda-Runtime-Aws-Request-Id"];

        var result = await invoke;
        Assert.Equal(InvocationStatus.Timeout, result.Status);
        Assert.Equal("Sandbox.Timedout", result.ErrorType);
        Assert.Equal($"RequestId: {id} Error: Task timed out after 1.00 seconds",
            JsonDocument.Parse(result.ErrorDocument).RootElement.GetProperty("errorMessage").GetString());
        Assert.Equal(1, emulator.Counters.ProcessKills);
        Assert.Equal(1, emulator.Counters.Timeouts);
        // The process's Runtime API is gone with it: a late answer cannot reach anything.
        Assert.True(await client.IsClosedByServerAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Faults_on_next_never_lose_the_invocation_it_comes_again_with_the_same_id()
    {
        var plan = new FaultPlan
        {
            Seed = 7,
            Next = new FaultRates { DropBeforeProcessing = 0.15, DropAfterProcessing = 0.15, GarbageHead = 0.15, ServerError = 0.15, TruncatedAnswer = 0.15 },
        };
        await using var emulator = NewEmulator(plan);
        var invoke = emulator.InvokeAsync("{\"payload\":true}"u8.ToArray());
        var port = await _function.WaitForPortAsync();
        var ids = new HashSet<string>();
        var failures = 0;
        RawResponse? delivered = null;
        while (delivered is null)
        {
            using var client = new RawHttpClient(port);
            await client.SendAsync(RawHttpClient.Get(Next));
            try
            {
                var response = await client.ReadResponseAsync(TimeSpan.FromSeconds(10));
                if (response.Status == 200 && response.BodyText == "{\"payload\":true}")
                {
                    delivered = response;
                    ids.Add(response.Headers["Lambda-Runtime-Aws-Request-Id"]);
                    await client.SendAsync(RawHttpClient.Post(Response(ids.Single()), "done"));
                    Assert.Equal(202, (await client.ReadResponseAsync()).Status);
                    break;
                }
                if (response.Headers.TryGetValue("Lambda-Runtime-Aws-Request-Id", out var id))
                {
                    ids.Add(id);
                }
            }
            catch (Exception e) when (e is EndOfStreamException or IOException or FormatException or IndexOutOfRangeException
                                          or KeyNotFoundException or ArgumentException)
            {
                // A dropped, garbage or truncated answer: exactly what a real client would retry.
            }
            failures++;
        }
        Assert.True(failures > 0, "the plan should have injected at least one fault");
        Assert.Single(ids);
        Assert.Equal("done", (await invoke).PayloadText);
        Assert.Equal(1, emulator.Counters.Deliveries);
        Assert.True(emulator.Counters.FaultsInjected >= failures);
    }

    [Fact]
    public async Task A_post_refused_before_processing_can_be_sent_again_and_an_applied_one_cannot()
    {
        var plan = new FaultPlan { Seed = 3, Posts = new FaultRates { ServerError = 0.3, DropBeforeProcessing = 0.3, DropAfterProcessing = 0.3 } };
        await using var emulator = NewEmulator(plan);
        var invoke = emulator.InvokeAsync("{}"u8.ToArray());
        var port = await _function.WaitForPortAsync();
        string id;
        using (var first = new RawHttpClient(port))
        {
            await first.SendAsync(RawHttpClient.Get(Next));
            id = (await first.ReadResponseAsync()).Headers["Lambda-Runtime-Aws-Request-Id"];
        }
        var refused = 0;
        while (!invoke.IsCompleted)
        {
            using var client = new RawHttpClient(port);
            await client.SendAsync(RawHttpClient.Post(Response(id), $"attempt {refused}"));
            try
            {
                var answer = await client.ReadResponseAsync(TimeSpan.FromSeconds(10));
                if (answer.Status == 202)
                {
                    break;
                }
                Assert.Equal(500, answer.Status);
            }
            catch (Exception e) when (e is EndOfStreamException or IOException)
            {
                await Task.Delay(50); // dropped: applied or not, the result says which
            }
            refused++;
        }
        var result = await invoke;
        Assert.Equal(InvocationStatus.Success, result.Status);
        Assert.StartsWith("attempt ", result.PayloadText);
        Assert.Equal(1, emulator.Counters.Responses);

        // Once applied, any further post is a duplicate, whatever fault it meets.
        using var late = new RawHttpClient(port);
        await late.SendAsync(RawHttpClient.Post(Response(id), "late"));
        try
        {
            await late.ReadResponseAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is EndOfStreamException or IOException)
        {
        }
        Assert.Equal(1, emulator.Counters.Responses);
    }

    [Fact]
    public async Task Malformed_requests_get_400_and_the_connection_closes_without_counting_as_init()
    {
        await using var emulator = NewEmulator();
        var init = emulator.InitializeAsync();
        var port = await _function.WaitForPortAsync();
        using (var bad = new RawHttpClient(port))
        {
            await bad.SendAsync("GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nBad Header\r\n\r\n");
            var response = await bad.ReadResponseAsync();
            Assert.Equal(400, response.Status);
            Assert.Equal("close", response.Headers["Connection"]);
            Assert.True(await bad.IsClosedByServerAsync(TimeSpan.FromSeconds(5)));
        }
        Assert.False(init.IsCompleted);

        using var good = new RawHttpClient(port);
        await good.SendAsync(RawHttpClient.Get(Next));
        var result = await init;
        Assert.True(result.Succeeded);
        Assert.Equal(1, emulator.Counters.NextRequests);
    }

    public void Dispose() => _function.Dispose();
}
