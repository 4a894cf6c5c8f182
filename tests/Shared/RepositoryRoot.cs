namespace LambdaSlim.Tests.Shared;

/// <summary>
/// The repository root, found by walking up from the test binaries to LambdaSlim.Sdk.sln. Not from
/// [CallerFilePath]: CI builds map source paths to /_/ (ContinuousIntegrationBuild), so those paths do not exist.
/// Linked into every test project by tests/Directory.Build.props.
/// </summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "LambdaSlim.Sdk.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("LambdaSlim.Sdk.sln not found above " + AppContext.BaseDirectory +
            " (with a custom ArtifactsPath outside the repository, run the tests from the repository's own artifacts).");
    }
}
