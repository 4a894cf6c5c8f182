using LambdaSlim.Core.Publishing;
using Microsoft.Build.Framework;

namespace LambdaSlim.Tasks;

/// <summary>
/// Runs in the outer build: which of the properties the inner publish sets globally the outer build was itself given
/// as global properties, with their values (<see cref="ReferenceProperties"/>), for the inner build's references.
/// </summary>
public sealed class GetReferenceProperties : LambdaSlimTask
{
    /// <summary>The names of the global properties the inner publish sets.</summary>
    [Required] public string[] InnerPropertyNames { get; set; } = [];

    /// <summary>The names a project reference of the inner build must not inherit, for its GlobalPropertiesToRemove.</summary>
    [Output] public string PropertiesToRemove { get; private set; } = "";

    /// <summary><c>Name=Value;…</c> for a project reference's AdditionalProperties: the outer build's own values.</summary>
    [Output] public string PropertiesToRestore { get; private set; } = "";

    protected override void ExecuteCore() =>
        (PropertiesToRemove, PropertiesToRestore) = ReferenceProperties.For(BuildEngine6.GetGlobalProperties(), InnerPropertyNames);
}
