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

    /// <summary>True when an index entry is the Linux image for the architecture (arm64 with no variant or v8).</summary>
    public static bool Matches(Descriptor entry, string lambdaArchitecture)
        => (entry.Os is null or "linux")
            && entry.Architecture == ToPlatform(lambdaArchitecture)
            && (entry.Architecture != "arm64" || entry.Variant is null or "v8");
}
