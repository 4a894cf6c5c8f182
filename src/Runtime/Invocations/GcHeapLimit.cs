using System.Globalization;

namespace LambdaSlim.Runtime.Invocations;

/// <summary>
/// Gives the GC a heap hard limit of <see cref="PercentOfFunctionMemory"/> % of the function's memory at start.
/// Lambda runs the function in a VM that shows .NET more memory than the function may use, so without a limit the
/// GC sizes its budgets for the host and a small function is killed for exceeding its memory instead of collecting
/// (or failing one invocation with an OutOfMemoryException). 75 % is what .NET itself takes of a container's
/// memory limit; the rest is for what is not GC heap: the runtime, thread stacks, native buffers, the binary.
/// Left alone when the function's memory is unknown, when the user configured a hard limit
/// (DOTNET_GCHeapHardLimit… variables or System.GC.HeapHardLimit… runtime settings), when the heap is already limited
/// at or below the target, or when <see cref="DisableVariable"/> is "true".
/// </summary>
internal static class GcHeapLimit
{
    public const int PercentOfFunctionMemory = 75;
    public const string DisableVariable = "LAMBDASLIM_DISABLE_GC_HEAP_LIMIT";

    /// <summary>The GC's own settings a user may have set; any of them means "leave the GC as configured".</summary>
    private static readonly string[] UserSettings =
    [
        "GCHeapHardLimit", "GCHeapHardLimitPercent",
        "GCHeapHardLimitSOH", "GCHeapHardLimitLOH", "GCHeapHardLimitPOH",
        "GCHeapHardLimitSOHPercent", "GCHeapHardLimitLOHPercent", "GCHeapHardLimitPOHPercent",
    ];

    /// <summary>Applies the limit when it should; returns it in bytes, or 0 when the GC was left as it was.</summary>
    public static ulong Apply(List<string> warnings)
    {
        if (string.Equals(Environment.GetEnvironmentVariable(DisableVariable), "true", StringComparison.OrdinalIgnoreCase)
            || !int.TryParse(Environment.GetEnvironmentVariable("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"), NumberStyles.None,
                CultureInfo.InvariantCulture, out int memoryMb)
            || memoryMb <= 0
            || UserConfigured())
        {
            return 0;
        }
        ulong limit = (ulong)memoryMb * 1024 * 1024 * PercentOfFunctionMemory / 100;
        if ((ulong)GC.GetGCMemoryInfo().TotalAvailableMemoryBytes <= limit)
        {
            return 0; // already limited at or below it (a container limit, say)
        }
        try
        {
            AppContext.SetData("GCHeapHardLimit", limit);
            GC.RefreshMemoryLimit();
            return limit;
        }
        catch (InvalidOperationException ex)
        {
            // RefreshMemoryLimit refuses a limit below what the heap already holds; the function still runs.
            warnings.Add($"{RuntimeErrorCodes.MemoryLimitNotApplied}: the GC heap limit of {limit} bytes ({PercentOfFunctionMemory} % of " +
                $"AWS_LAMBDA_FUNCTION_MEMORY_SIZE={memoryMb}) could not be applied ({ex.Message}); the GC sizes itself from the host. " +
                $"Set DOTNET_GCHeapHardLimit yourself, or {DisableVariable}=true to silence this.");
            return 0;
        }
    }

    private static bool UserConfigured()
    {
        foreach (string setting in UserSettings)
        {
            if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_" + setting))
                || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("COMPlus_" + setting))
                || AppContext.GetData("System.GC." + setting[2..]) is not null)
            {
                return true;
            }
        }
        return false;
    }
}
