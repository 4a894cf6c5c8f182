namespace LambdaSlim.Core.Publishing;

/// <summary>
/// Checks a project before anything is compiled, so that bad input fails in a second with a coded error saying what
/// to change instead of minutes later with an SDK or linker error.
/// </summary>
public static class LambdaProjectValidator
{
    public static readonly string[] PublishModes = ["Aot", "Trimmed"];
    public static readonly string[] GlobalizationModes = ["Invariant", "Icu"];
    public static readonly string[] RuntimeClients = ["LambdaSlim", "None"];

    /// <summary>Validates the project and returns the architectures to publish, in the order given.</summary>
    public static IReadOnlyList<LambdaArchitecture> Validate(LambdaProjectFacts facts)
    {
        ValidateTargetFramework(facts);
        ValidateOutputType(facts.OutputType);
        ValidateChoice(facts.PublishMode, PublishModes, "LambdaPublishMode", "LSLIM1006");
        ValidateChoice(facts.Globalization, GlobalizationModes, "LambdaGlobalization", "LSLIM1007");
        ValidateChoice(facts.RuntimeClient, RuntimeClients, "LambdaRuntimeClient", "LSLIM1009");
        var fromRid = ValidateRuntimeIdentifier(facts.ExplicitRuntimeIdentifier);
        var architectures = ParseArchitectures(facts.Architectures);

        if (fromRid is not null && facts.ArchitecturesFromUser.Trim().Length > 0
            && (architectures.Count != 1 || architectures[0] != fromRid))
        {
            throw new LambdaSlimException("LSLIM1008",
                $"RuntimeIdentifier '{facts.ExplicitRuntimeIdentifier}' asks for {fromRid.Name} but LambdaArchitectures is " +
                $"'{facts.ArchitecturesFromUser}'. Give one of them: -r {fromRid.RuntimeIdentifier} alone, or " +
                $"-p:LambdaArchitectures=... without -r.");
        }

        return architectures;
    }

    /// <summary>Parses a <c>;</c>- or <c>,</c>-separated list of Lambda architecture names, without duplicates.</summary>
    public static IReadOnlyList<LambdaArchitecture> ParseArchitectures(string value)
    {
        var names = value.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0)
        {
            throw new LambdaSlimException("LSLIM1001",
                "LambdaArchitectures is empty. Set it to x86_64, arm64 or x86_64;arm64 (the default).");
        }

        var result = new List<LambdaArchitecture>();
        foreach (var name in names)
        {
            var architecture = LambdaArchitecture.FromName(name) ?? throw new LambdaSlimException("LSLIM1001",
                $"Unknown Lambda architecture '{name}'. Lambda runs x86_64 and arm64: set LambdaArchitectures to " +
                "x86_64, arm64 or x86_64;arm64 (Lambda's names, not .NET's x64 or Docker's amd64).");
            if (!result.Contains(architecture))
            {
                result.Add(architecture);
            }
        }

        return result;
    }

    private static void ValidateTargetFramework(LambdaProjectFacts facts)
    {
        var isNetCore = string.Equals(facts.TargetFrameworkIdentifier, ".NETCoreApp", StringComparison.OrdinalIgnoreCase);
        var versionText = facts.TargetFrameworkVersion.TrimStart('v', 'V');
        if (!isNetCore || !Version.TryParse(versionText, out var version) || version < new Version(8, 0))
        {
            throw new LambdaSlimException("LSLIM1003",
                $"Target framework '{facts.TargetFramework}' is not supported: Lambda images need net8.0 or later " +
                "(NativeAOT and trimming for Linux). Set <TargetFramework>net10.0</TargetFramework> (or net8.0/net9.0).");
        }
    }

    private static void ValidateOutputType(string outputType)
    {
        if (!string.Equals(outputType, "Exe", StringComparison.OrdinalIgnoreCase))
        {
            throw new LambdaSlimException("LSLIM1002",
                $"The project's OutputType is '{outputType}', but a Lambda function is a program: its bootstrap runs " +
                "the runtime loop. Set <OutputType>Exe</OutputType> and call LambdaRuntime.RunAsync from Main.");
        }
    }

    private static LambdaArchitecture? ValidateRuntimeIdentifier(string rid)
    {
        if (rid.Trim().Length == 0)
        {
            return null;
        }

        if (rid.StartsWith("linux-musl-", StringComparison.OrdinalIgnoreCase) || rid.StartsWith("alpine", StringComparison.OrdinalIgnoreCase))
        {
            throw new LambdaSlimException("LSLIM1005",
                $"RuntimeIdentifier '{rid}' targets musl, but LambdaSlim images use the glibc of the build sysroot " +
                "(as Lambda's provided.al2023 does). Use linux-x64 or linux-arm64, or drop -r to build both.");
        }

        if (!rid.StartsWith("linux-", StringComparison.OrdinalIgnoreCase))
        {
            throw new LambdaSlimException("LSLIM1004",
                $"RuntimeIdentifier '{rid}' is not a Linux runtime identifier, and Lambda runs Linux. Use linux-x64 " +
                "or linux-arm64, or drop -r to build both architectures.");
        }

        return LambdaArchitecture.FromRuntimeIdentifier(rid) ?? throw new LambdaSlimException("LSLIM1001",
            $"RuntimeIdentifier '{rid}' is an architecture Lambda does not run. Use linux-x64 (x86_64) or " +
            "linux-arm64 (arm64), or drop -r to build both.");
    }

    private static void ValidateChoice(string value, string[] allowed, string property, string code)
    {
        if (!allowed.Contains(value, StringComparer.Ordinal))
        {
            throw new LambdaSlimException(code,
                $"{property} is '{value}'; it must be one of: {string.Join(", ", allowed)} (case-sensitive).");
        }
    }
}
