using LambdaSlim.Emulator.Tests.Support;

namespace LambdaSlim.Emulator.Tests.EndToEnd;

/// <summary>
/// The GC heap limit the runtime client derives from AWS_LAMBDA_FUNCTION_MEMORY_SIZE, seen from inside a real function
/// process (GC.GetGCMemoryInfo), and the two ways to keep it out: the user's own limit and the opt-out variable.
/// </summary>
[Collection(FunctionProcessCollection.Name)]
public sealed class MemoryLimitTests
{
    private const long MiB = 1024 * 1024;

    private static async Task<long> TotalAvailableMemoryAsync(int memorySizeMb, Dictionary<string, string>? environment = null)
    {
        await using var harness = new EmulatorHarness(memorySizeMb: memorySizeMb, environment: environment);
        var result = await harness.InvokeAsync("{\"action\":\"memory\"}");
        Assert.Equal(InvocationStatus.Success, result.Status);
        return EmulatorHarness.Json(result).GetProperty("totalAvailableMemoryBytes").GetInt64();
    }

    [Fact]
    public async Task A_128_MB_function_gets_a_GC_heap_limit_of_75_percent_of_it_unless_the_user_set_one_or_opted_out()
    {
        Assert.Equal(96 * MiB, await TotalAvailableMemoryAsync(128));
        Assert.Equal(768 * MiB, await TotalAvailableMemoryAsync(1024));

        // The user's own limit wins (DOTNET_GCHeapHardLimit is hexadecimal: 0x4000000 = 64 MiB).
        Assert.Equal(64 * MiB, await TotalAvailableMemoryAsync(128, new() { ["DOTNET_GCHeapHardLimit"] = "4000000" }));

        // Opted out: the GC sizes itself from the machine, far above the function's memory.
        Assert.True(await TotalAvailableMemoryAsync(128, new() { ["LAMBDASLIM_DISABLE_GC_HEAP_LIMIT"] = "true" }) > 128 * MiB);
    }
}
