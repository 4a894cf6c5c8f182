using LambdaSlim.Tests.Shared;

namespace LambdaSlim.AspNetCore.Tests.Support;

/// <summary>The sample events of LambdaSlim.Events (src/Events/Samples), the documents `lambdaslim invoke --event` sends.</summary>
public static class Samples
{
    public static string Path(string name) => System.IO.Path.Combine(RepositoryRoot.Path, "src", "Events", "Samples", name + ".json");
}
