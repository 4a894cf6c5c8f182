using LambdaSlim.Core.Publishing;

namespace LambdaSlim.Core.Closure;

/// <summary>
/// What to resolve: the bootstrap, the other files shipped in the app folder (every ELF among them is a root, and
/// libraries shipped there satisfy requests by name) and extra image files.
/// </summary>
public sealed record ClosureRequest(
    LambdaArchitecture Architecture,
    Sysroot Sysroot,
    string Bootstrap,
    IReadOnlyList<string> AppFiles,
    IReadOnlyList<string> ExtraFiles);
