using LambdaSlim.Core.Publishing;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace LambdaSlim.Tasks;

/// <summary>Validates the project for a Lambda publish and returns one item per architecture to publish.</summary>
public sealed class ValidateLambdaProject : LambdaSlimTask
{
    public string Architectures { get; set; } = "";
    public string ArchitecturesFromUser { get; set; } = "";
    public string RuntimeIdentifier { get; set; } = "";
    public string OutputType { get; set; } = "";
    public string TargetFrameworkIdentifier { get; set; } = "";
    public string TargetFrameworkVersion { get; set; } = "";
    public string TargetFramework { get; set; } = "";
    public string PublishMode { get; set; } = "";
    public string Globalization { get; set; } = "";
    public string RuntimeClient { get; set; } = "";

    /// <summary>Identity = Lambda architecture name; metadata RuntimeIdentifier.</summary>
    [Output]
    public ITaskItem[] ArchitectureItems { get; private set; } = [];

    protected override void ExecuteCore()
    {
        var architectures = LambdaProjectValidator.Validate(new LambdaProjectFacts(
            Architectures, ArchitecturesFromUser, RuntimeIdentifier, OutputType, TargetFrameworkIdentifier,
            TargetFrameworkVersion, TargetFramework, PublishMode, Globalization, RuntimeClient));

        ArchitectureItems = architectures
            .Select(a => (ITaskItem)new TaskItem(a.Name, new Dictionary<string, string> { ["RuntimeIdentifier"] = a.RuntimeIdentifier }))
            .ToArray();
    }
}
