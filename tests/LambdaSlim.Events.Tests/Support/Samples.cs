using LambdaSlim.Tests.Shared;

namespace LambdaSlim.Events.Tests.Support;

/// <summary>The sample documents in src/Events/Samples (the CLI's built-in events).</summary>
public static class Samples
{
    public static string Directory => Path.Combine(RepositoryRoot.Path, "src", "Events", "Samples");

    public static IEnumerable<string> Names =>
        System.IO.Directory.EnumerateFiles(Directory, "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!;

    public static string Read(string name) => File.ReadAllText(Path.Combine(Directory, name + ".json"));
}
