using LambdaSlim.Core.Oci;
namespace LambdaSlim.Core.Registry;

/// <summary>Lambda's architecture names (x86_64, arm64) against the OCI platform names (amd64, arm64[/v8]).</summary>
public static class LambdaArchitectures
{
    public static string? FromPlatform(string? architecture) => architecture switch
    {
        "amd64" => "x86_64",
        "arm64" => "arm64",
        _ => null,
    };

    public static string ToPlatform(string lambdaArchitecture) => lambdaArchitecture switch
    {
        "x86_64" or "amd64" => "amd64",
        "arm64" or "aarch64" => "arm64",
        _ => throw new LambdaSlimException("LSLIM3014", $"'{lambdaArchitecture}' is not a Lambda architecture. Use x86_64 or arm64."),
    };

    /// <summary>
    /// True when an index entry is the Linux image for the architecture (arm64 with no variant or v8); an entry
    /// without an OS is taken as Linux, one without a platform matches nothing.
    /// </summary>
    public static bool Matches(OciDescriptor entry, string lambdaArchitecture)
        => entry.Platform is { } platform
            && (platform.Os is "" or "linux")
            && platform.Architecture == ToPlatform(lambdaArchitecture)
            && (platform.Architecture != "arm64" || platform.Variant is null or "v8");
}
