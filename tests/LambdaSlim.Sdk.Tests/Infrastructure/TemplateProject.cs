using System.Collections.Concurrent;

namespace LambdaSlim.Sdk.Tests.Infrastructure;

/// <summary>A template project and the output of its `dotnet publish -p:PublishLambdaImage=true` (both architectures).</summary>
public sealed record PublishedTemplate(TemplateProject Project, ProcessResult Publish);

/// <summary>
/// A project made by `dotnet new` from the packed LambdaSlim.Templates package, in a folder outside the repository,
/// as a user makes one: the templates are installed into a hive of this test run (never the machine's own), and the
/// project gets a NuGet.config listing the repository's nuget/ feed (on nuget.org users need none).
/// </summary>
public sealed class TemplateProject
{
    private static readonly Lazy<Task<string>> Hive = new(InstallTemplatesAsync);
    private static readonly ConcurrentDictionary<string, Lazy<Task<PublishedTemplate>>> Published = new();

    private TemplateProject(string directory, string name)
    {
        Directory = directory;
        Name = name;
    }

    /// <summary>The folder `dotnet new` wrote: src/NAME (the function) and test/NAME.Tests.</summary>
    public string Directory { get; }

    public string Name { get; }

    public string FunctionDirectory => Path.Combine(Directory, "src", Name);

    public string FunctionProject => Path.Combine(FunctionDirectory, Name + ".csproj");

    public string TestDirectory => Path.Combine(Directory, "test", Name + ".Tests");

    public string Image => Path.Combine(FunctionDirectory, "bin", "Release", "lambda", "image");

    /// <summary>
    /// Creates the project and publishes its image (for both architectures unless <paramref name="publishArguments"/>
    /// say otherwise), once per test run: NativeAOT builds are the slow part of the suite, so tests that need the same
    /// template's image share it.
    /// </summary>
    public static Task<PublishedTemplate> PublishedAsync(string template, string name, params string[] publishArguments) =>
        Published.GetOrAdd(template + "/" + name, _ => new Lazy<Task<PublishedTemplate>>(async () =>
        {
            var project = await CreateAsync(template, name);
            var publish = await project.DotNetAsync(project.FunctionDirectory, ["publish", "-p:PublishLambdaImage=true", .. publishArguments]);
            return new PublishedTemplate(project, publish);
        })).Value;

    private static async Task<TemplateProject> CreateAsync(string template, string name)
    {
        string hive = await Hive.Value;
        string parent = Path.Combine(TestRepo.RunDirectory, "templates");
        string directory = Path.Combine(parent, name);
        if (System.IO.Directory.Exists(directory))
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
        System.IO.Directory.CreateDirectory(parent);
        await RunCheckedAsync(parent, "new", template, "--name", name, "--output", directory, "--debug:custom-hive", hive);
        SampleWorkspace.WriteNuGetConfig(directory);
        return new TemplateProject(directory, name);
    }

    public Task<ProcessResult> DotNetAsync(string workingDirectory, params string[] arguments) =>
        ProcessRunner.RunAsync("dotnet", arguments, workingDirectory, SampleWorkspace.DotNetEnvironment(null), TimeSpan.FromMinutes(15));

    private static async Task<string> InstallTemplatesAsync()
    {
        string hive = Path.Combine(TestRepo.RunDirectory, "template-hive");
        string package = Path.Combine(TestRepo.NuGetFeed, $"LambdaSlim.Templates.{TestRepo.PackageVersion}.nupkg");
        await RunCheckedAsync(TestRepo.RunDirectory, "new", "install", package, "--debug:custom-hive", hive);
        return hive;
    }

    private static async Task RunCheckedAsync(string workingDirectory, params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync("dotnet", arguments, workingDirectory, SampleWorkspace.DotNetEnvironment(null), TimeSpan.FromMinutes(5));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet {string.Join(' ', arguments)} failed:\n{result}");
        }
    }
}
