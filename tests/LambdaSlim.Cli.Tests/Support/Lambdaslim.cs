namespace LambdaSlim.Cli.Tests.Support;

/// <summary>The built <c>lambdaslim</c> tool run as a real process, with its own cache folder.</summary>
public static class Lambdaslim
{
    public static string Dll { get; } = Path.Combine(AppContext.BaseDirectory, "lambdaslim.dll");

    public static ProcessResult Run(string cacheDirectory, IReadOnlyList<string> arguments, string? standardInput = null,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var variables = new Dictionary<string, string?>(environment ?? new Dictionary<string, string?>())
        {
            ["LAMBDASLIM_CACHE_DIR"] = cacheDirectory,
        };
        return ProcessRunner.Run("dotnet", [Dll, .. arguments], standardInput, variables);
    }
}
