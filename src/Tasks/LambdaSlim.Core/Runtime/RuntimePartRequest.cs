using LambdaSlim.Core.Closure;

namespace LambdaSlim.Core.Runtime;

/// <summary>
/// What decides the run-time parts of one architecture's image: where libraries come from, what the base layer
/// already has, what the published files use (<see cref="RuntimeUsage"/>), the modes, and the CA bundle (null when
/// <c>LambdaIncludeCaCertificates=false</c>) with the extra certificates to append.
/// </summary>
public sealed record RuntimePartRequest(
    Sysroot Sysroot,
    ClosureResult Closure,
    IReadOnlyDictionary<RuntimePart, string> Usage,
    RuntimePartSettings Settings,
    string? CaBundlePath,
    IReadOnlyList<string> ExtraCaCertificates);
