namespace LambdaSlim.Sdk.Tests.Infrastructure;

/// <summary>Where the repository, its packed SDK and its samples are, for tests that consume the SDK as users do.</summary>
public static class TestRepo
{
    public static string Root => LambdaSlim.Tests.Shared.RepositoryRoot.Path;

    /// <summary>The local feed eng/build.sh packs into.</summary>
    public static string NuGetFeed => Path.Combine(Root, "nuget");

    public static string TestProjects => Path.Combine(Root, "test-projects");

    /// <summary>The version eng/build.sh gave this build's packages (unique per build, so no cache can be stale).</summary>
    public static string PackageVersion { get; } = ReadPackageVersion();

    /// <summary>A folder outside the repository for this test run: samples must not inherit the repo's build.</summary>
    public static string RunDirectory { get; } = CreateRunDirectory();

    private static string ReadPackageVersion()
    {
        var file = Path.Combine(Root, "artifacts", "package-version.txt");
        if (!File.Exists(file))
        {
            throw new InvalidOperationException($"{file} is missing: run ./eng/build.sh before these tests (eng/test.sh does).");
        }

        return File.ReadAllText(file).Trim();
    }

    private static string CreateRunDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "lambdaslim-tests", $"{DateTime.UtcNow:yyyyMMddHHmmss}-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        return dir;
    }
}
