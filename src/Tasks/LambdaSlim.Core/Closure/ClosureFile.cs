namespace LambdaSlim.Core.Closure;

/// <summary>
/// A file the image needs from the sysroot: where it goes in the image (under the name it is asked for, e.g. the
/// soname <c>libc.so.6</c>), the real file it is copied from (symlinks already followed), its size, and why it is
/// there (<c>interpreter</c>, <c>needed by bootstrap</c>, <c>TLS and hashing</c>…), which the report prints.
/// </summary>
public sealed record ClosureFile(string ImagePath, string SourcePath, long Size, string Reason);

/// <summary>
/// The resolved closure, in image-path order; <see cref="Interpreter"/> is null for static executables.
/// <see cref="SatisfiedNames"/> are the library names the image already answers (resolved here, the loader, or
/// shipped in the app folder), which libraries added later are not taken again for.
/// </summary>
public sealed record ClosureResult(string? Interpreter, IReadOnlyList<ClosureFile> Files, IReadOnlySet<string> SatisfiedNames);
