namespace LambdaSlim.Sdk.Tests.Infrastructure;

/// <summary>
/// A copy of a sample from test-projects/ in a folder outside the repository, consuming the packed SDK the way a user
/// does: its own NuGet.config listing the repository's nuget/ feed, and a global.json naming the SDK version.
/// </summary>
public sealed class SampleWorkspace
{
    private SampleWorkspace(string directory, string projectFile)
    {
        Directory = directory;
        ProjectFile = projectFile;
    }

    public string Directory { get; }

    /// <summary>The sample's project, or its solution when it has several projects.</summary>
    public string ProjectFile { get; }

    public string LambdaOutput => Path.Combine(Directory, "bin", "Release", "lambda");

    public string Bootstrap(string architecture) => Path.Combine(LambdaOutput, architecture, "bootstrap");

    /// <summary>Copies test-projects/<paramref name="sample"/> to a fresh folder named <paramref name="name"/>.</summary>
    public static SampleWorkspace Create(string sample, string name)
    {
        var source = Path.Combine(TestRepo.TestProjects, sample);
        var target = Path.Combine(TestRepo.RunDirectory, name);
        if (System.IO.Directory.Exists(target))
        {
            System.IO.Directory.Delete(target, recursive: true);
        }

        CopyDirectory(source, target);
        WriteNuGetConfig(target);
        File.WriteAllText(Path.Combine(target, "global.json"),
            $$"""{ "msbuild-sdks": { "LambdaSlim.Sdk": "{{TestRepo.PackageVersion}}" } }""");
        // A single-project sample is published by its project; a multi-project one (test-projects/Shop) by its solution.
        var project = System.IO.Directory.GetFiles(target, "*.csproj").SingleOrDefault()
            ?? System.IO.Directory.GetFiles(target, "*.sln").Single();
        return new SampleWorkspace(target, project);
    }

    /// <summary>A NuGet.config listing the repository's nuget/ feed (besides the machine's sources), as the tests' projects need.</summary>
    public static void WriteNuGetConfig(string directory) =>
        File.WriteAllText(Path.Combine(directory, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="lambdaslim-local" value="{TestRepo.NuGetFeed}" />
              </packageSources>
            </configuration>
            """);

    /// <summary>Rewrites the project file (e.g. to turn it into a PackageReference consumer or change its TFM).</summary>
    public void EditProject(Func<string, string> edit) => File.WriteAllText(ProjectFile, edit(File.ReadAllText(ProjectFile)));

    public Task<ProcessResult> PublishAsync(params string[] arguments) => DotNetAsync(["publish", .. arguments]);

    /// <summary>Deletes every bin/ and obj/ folder: the next build is a clean one.</summary>
    public void Clean()
    {
        foreach (var folder in System.IO.Directory.EnumerateDirectories(Directory, "*", SearchOption.AllDirectories)
                     .Where(d => Path.GetFileName(d) is "bin" or "obj").ToList())
        {
            if (System.IO.Directory.Exists(folder))
            {
                System.IO.Directory.Delete(folder, recursive: true);
            }
        }
    }

    public Task<ProcessResult> DotNetAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null) =>
        ProcessRunner.RunAsync("dotnet", arguments, Directory, DotNetEnvironment(environment), TimeSpan.FromMinutes(15));

    /// <summary>The environment for a `dotnet` the test starts: no shared build nodes, none of the test host's MSBuild settings.</summary>
    public static Dictionary<string, string?> DotNetEnvironment(IReadOnlyDictionary<string, string?>? extra)
    {
        var environment = new Dictionary<string, string?>
        {
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
            ["DOTNET_NOLOGO"] = "1",
            // The test host's own MSBuild settings must not leak into the sample's build.
            ["MSBuildExtensionsPath"] = null,
            ["MSBuildSDKsPath"] = null,
            ["MSBUILD_EXE_PATH"] = null,
            ["ArtifactsPath"] = null,
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            environment[key] = value;
        }

        return environment;
    }

    private static void CopyDirectory(string source, string target)
    {
        foreach (var dir in System.IO.Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, dir);
            if (relative.Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj"))
            {
                continue;
            }

            System.IO.Directory.CreateDirectory(Path.Combine(target, relative));
        }

        System.IO.Directory.CreateDirectory(target);
        foreach (var file in System.IO.Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj"))
            {
                continue;
            }

            File.Copy(file, Path.Combine(target, relative));
        }
    }
}
