namespace LambdaSlim.Core.Publishing;

/// <summary>
/// One of the two instruction sets Lambda runs, named as Lambda names them (<c>x86_64</c>, <c>arm64</c>), with the
/// .NET runtime identifier that builds for it and the names OCI and Debian use for the same thing.
/// </summary>
public sealed record LambdaArchitecture(string Name, string RuntimeIdentifier, string OciArchitecture, string? OciVariant, string DebianArchitecture)
{
    public static readonly LambdaArchitecture X86_64 = new("x86_64", "linux-x64", "amd64", null, "amd64");
    public static readonly LambdaArchitecture Arm64 = new("arm64", "linux-arm64", "arm64", "v8", "arm64");

    public static IReadOnlyList<LambdaArchitecture> All { get; } = [X86_64, Arm64];

    /// <summary>Finds an architecture by its Lambda name (case-insensitive), or null.</summary>
    public static LambdaArchitecture? FromName(string name) =>
        All.FirstOrDefault(a => string.Equals(a.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>Finds an architecture by runtime identifier (<c>linux-x64</c>, <c>linux-arm64</c>), or null.</summary>
    public static LambdaArchitecture? FromRuntimeIdentifier(string rid) =>
        All.FirstOrDefault(a => string.Equals(a.RuntimeIdentifier, rid.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The architecture of the machine running this process, or null if Lambda has no such architecture.</summary>
    public static LambdaArchitecture? Host => System.Runtime.InteropServices.RuntimeInformation.OSArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.X64 => X86_64,
        System.Runtime.InteropServices.Architecture.Arm64 => Arm64,
        _ => null,
    };

    public override string ToString() => Name;
}
