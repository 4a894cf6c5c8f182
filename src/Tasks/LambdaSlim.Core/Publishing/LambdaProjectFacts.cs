namespace LambdaSlim.Core.Publishing;

/// <summary>What the outer publish knows about the project, as MSBuild evaluated it.</summary>
/// <param name="Architectures">The requested architectures, <c>;</c>-separated (after defaults were applied).</param>
/// <param name="ArchitecturesFromUser">LambdaArchitectures as the user set it, empty when they did not.</param>
/// <param name="ExplicitRuntimeIdentifier">A RuntimeIdentifier the user gave (<c>-r</c> or in the project), else empty.</param>
public sealed record LambdaProjectFacts(
    string Architectures,
    string ArchitecturesFromUser,
    string ExplicitRuntimeIdentifier,
    string OutputType,
    string TargetFrameworkIdentifier,
    string TargetFrameworkVersion,
    string TargetFramework,
    string PublishMode,
    string Globalization,
    string RuntimeClient);
