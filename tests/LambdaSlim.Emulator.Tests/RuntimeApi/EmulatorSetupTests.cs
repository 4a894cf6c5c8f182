using LambdaSlim.Core;
using LambdaSlim.Emulator.RuntimeApi;

namespace LambdaSlim.Emulator.Tests.RuntimeApi;

public class EmulatorSetupTests
{
    private static EmulatorOptions Options(Action<Dictionary<string, string>>? environment = null)
    {
        var variables = new Dictionary<string, string>();
        environment?.Invoke(variables);
        return new EmulatorOptions
        {
            Command = new FunctionCommand("/var/task/bootstrap", [], "/tmp"),
            FunctionName = "orders",
            MemorySizeMb = 512,
            Region = "ap-southeast-2",
            Handler = "orders.handler",
            Environment = variables,
        };
    }

    [Fact]
    public void The_environment_is_Lambdas_plus_the_users_and_nothing_from_the_host()
    {
        var environment = LambdaEnvironment.Build(Options(e =>
        {
            e["TABLE"] = "orders-table";
            e["AWS_REGION"] = "overridden-by-user";
            e["AWS_LAMBDA_RUNTIME_API"] = "10.0.0.1:1"; // must not win: the function would talk to nothing
        }), 45678, "2026/11/23/[$LATEST]abc");

        Assert.Equal("127.0.0.1:45678", environment["AWS_LAMBDA_RUNTIME_API"]);
        Assert.Equal("orders", environment["AWS_LAMBDA_FUNCTION_NAME"]);
        Assert.Equal("$LATEST", environment["AWS_LAMBDA_FUNCTION_VERSION"]);
        Assert.Equal("512", environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"]);
        Assert.Equal("ap-southeast-2", environment["AWS_DEFAULT_REGION"]);
        Assert.Equal("overridden-by-user", environment["AWS_REGION"]);
        Assert.Equal("/aws/lambda/orders", environment["AWS_LAMBDA_LOG_GROUP_NAME"]);
        Assert.Equal("2026/11/23/[$LATEST]abc", environment["AWS_LAMBDA_LOG_STREAM_NAME"]);
        Assert.Equal("/tmp", environment["LAMBDA_TASK_ROOT"]);
        Assert.Equal("orders.handler", environment["_HANDLER"]);
        Assert.Equal("orders-table", environment["TABLE"]);
        Assert.False(environment.ContainsKey("HOME"));
        Assert.DoesNotContain(environment.Keys, k => k.StartsWith("AWS_SECRET", StringComparison.Ordinal) || k == "AWS_SESSION_TOKEN");
    }

    [Fact]
    public void The_function_is_told_the_concurrency_the_emulator_serves_and_only_that()
    {
        var managed = LambdaEnvironment.Build(Options(e => e["AWS_LAMBDA_MAX_CONCURRENCY"] = "99") with { MaxConcurrency = 8 }, 1, "s");
        var classic = LambdaEnvironment.Build(Options(e => e["AWS_LAMBDA_MAX_CONCURRENCY"] = "99"), 1, "s");

        Assert.Equal("8", managed["AWS_LAMBDA_MAX_CONCURRENCY"]);
        Assert.False(classic.ContainsKey("AWS_LAMBDA_MAX_CONCURRENCY")); // one at a time: the classic sandbox has none
    }

    [Fact]
    public void Log_streams_are_named_like_Lambdas()
    {
        var name = LambdaEnvironment.NewLogStreamName(new DateTimeOffset(2026, 11, 3, 23, 0, 0, TimeSpan.Zero));
        Assert.Matches(@"^2026/11/03/\[\$LATEST\][0-9a-f]{32}$", name);
    }

    [Theory]
    [InlineData(0, 128, "f")]
    [InlineData(901, 128, "f")]
    [InlineData(3, 64, "f")]
    [InlineData(3, 10241, "f")]
    [InlineData(3, 128, "bad name")]
    [InlineData(3, 128, "")]
    [InlineData(3, 128, "f", 0)]
    [InlineData(3, 128, "f", LambdaEmulator.MaxConcurrencyLimit + 1)]
    public void Options_outside_Lambdas_ranges_are_refused_with_a_code(int timeoutSeconds, int memory, string name, int concurrency = 1)
    {
        var error = Assert.Throws<LambdaSlimException>(() => new LambdaEmulator(Options() with
        {
            Timeout = TimeSpan.FromSeconds(timeoutSeconds),
            MemorySizeMb = memory,
            FunctionName = name,
            MaxConcurrency = concurrency,
        }));
        Assert.Equal(EmulatorErrorCodes.InvalidOption, error.Code);
    }

    [Fact]
    public async Task A_command_that_cannot_start_is_a_coded_error_that_names_it()
    {
        await using var emulator = new LambdaEmulator(Options() with
        {
            Command = new FunctionCommand("/nonexistent/bootstrap", [], "/tmp"),
        });
        var error = await Assert.ThrowsAsync<LambdaSlimException>(() => emulator.InvokeAsync("{}"u8.ToArray()));
        Assert.Equal(EmulatorErrorCodes.FunctionStartFailed, error.Code);
        Assert.Contains("/nonexistent/bootstrap", error.Message);
    }

    [Fact]
    public async Task An_invalid_client_context_or_tenant_id_or_an_oversized_event_is_refused_before_anything_runs()
    {
        await using var emulator = new LambdaEmulator(Options());
        var badContext = await Assert.ThrowsAsync<LambdaSlimException>(() =>
            emulator.InvokeAsync("{}"u8.ToArray(), new InvokeOptions { ClientContext = "{not json" }));
        var tooLarge = await Assert.ThrowsAsync<LambdaSlimException>(() =>
            emulator.InvokeAsync(new byte[LambdaEmulator.MaxPayloadBytes + 1]));
        var badTenant = await Assert.ThrowsAsync<LambdaSlimException>(() =>
            emulator.InvokeAsync("{}"u8.ToArray(), new InvokeOptions { TenantId = "two\r\nlines" }));

        Assert.Equal(EmulatorErrorCodes.InvalidInvokeRequest, badContext.Code);
        Assert.Equal(EmulatorErrorCodes.InvalidInvokeRequest, tooLarge.Code);
        Assert.Equal(EmulatorErrorCodes.InvalidInvokeRequest, badTenant.Code);
        Assert.Equal(0, emulator.Counters.ProcessStarts);
    }

    [Fact]
    public async Task A_disposed_emulator_refuses_invokes_with_a_code()
    {
        var emulator = new LambdaEmulator(Options());
        await emulator.DisposeAsync();
        var error = await Assert.ThrowsAsync<LambdaSlimException>(() => emulator.InvokeAsync("{}"u8.ToArray()));
        Assert.Equal(EmulatorErrorCodes.EmulatorDisposed, error.Code);
    }
}
