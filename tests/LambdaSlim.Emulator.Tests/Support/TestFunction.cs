using System.Reflection;

namespace LambdaSlim.Emulator.Tests.Support;

/// <summary>
/// The behaviours test function (test-projects/Behaviors/Function.cs), built JIT with these tests. Set
/// LAMBDASLIM_TEST_FUNCTION to the path of a native build of the same file (e.g. its AOT <c>bootstrap</c>) to run
/// the whole suite against that instead.
/// </summary>
internal static class TestFunction
{
    private static readonly string? NativeBinary = Environment.GetEnvironmentVariable("LAMBDASLIM_TEST_FUNCTION");

    public static string DllPath { get; } = typeof(TestFunction).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "TestFunctionDll").Value!;

    /// <summary><c>dotnet LambdaSlim.TestFunction.dll</c> in the dll's folder (or the native binary in its own).</summary>
    public static FunctionCommand Command() => string.IsNullOrEmpty(NativeBinary)
        ? new(DotnetHost, [DllPath], TaskRoot)
        : new(NativeBinary, [], TaskRoot);

    /// <summary>For reports: which build of the function the tests run.</summary>
    public static string Build => string.IsNullOrEmpty(NativeBinary) ? "JIT" : "native " + Path.GetFileName(NativeBinary);

    /// <summary>The folder the function runs in (LAMBDA_TASK_ROOT).</summary>
    public static string TaskRoot => Path.GetDirectoryName(string.IsNullOrEmpty(NativeBinary) ? DllPath : NativeBinary)!;

    private static string DotnetHost
    {
        get
        {
            var fromCli = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            if (!string.IsNullOrEmpty(fromCli) && File.Exists(fromCli))
            {
                return fromCli;
            }
            var self = Environment.ProcessPath;
            return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "/usr/bin/dotnet";
        }
    }
}
