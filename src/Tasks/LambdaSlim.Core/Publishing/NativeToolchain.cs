namespace LambdaSlim.Core.Publishing;

/// <summary>A piece of the native toolchain NativeAOT needs that is not on the machine, and the Debian package that has it.</summary>
public sealed record MissingToolchainPart(string What, string DebianPackage);

/// <summary>
/// Knows what NativeAOT's native link needs for a target architecture on this build machine, and finds what is
/// missing before the linker would fail with a cryptic message (unknown --target with gcc, unrecognised emulation
/// mode, missing Scrt1.o or crti.o, missing -lgcc: each maps to one package here).
/// </summary>
public sealed class NativeToolchain
{
    private readonly string _root;
    private readonly IReadOnlyList<string> _searchPath;

    /// <param name="root">The file system root to look under (<c>/</c>, or a test folder shaped like one).</param>
    /// <param name="searchPath">The directories of PATH, absolute (looked up under <paramref name="root"/>).</param>
    public NativeToolchain(string root, IReadOnlyList<string> searchPath)
    {
        _root = root;
        _searchPath = searchPath;
    }

    /// <summary>The toolchain of this machine, searching the process's PATH.</summary>
    public static NativeToolchain ForThisMachine() =>
        new("/", (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries));

    public IReadOnlyList<MissingToolchainPart> FindMissing(LambdaArchitecture target, LambdaArchitecture host, bool stripSymbols, string linkerFlavor)
    {
        var missing = new List<MissingToolchainPart>();
        var cross = target != host;
        var useLld = string.Equals(linkerFlavor, "lld", StringComparison.OrdinalIgnoreCase);
        var triple = target == LambdaArchitecture.Arm64 ? "aarch64-linux-gnu" : "x86_64-linux-gnu";
        var crossSuffix = target == LambdaArchitecture.Arm64 ? "arm64-cross" : "amd64-cross";
        var binutilsCross = target == LambdaArchitecture.Arm64 ? "binutils-aarch64-linux-gnu" : "binutils-x86-64-linux-gnu";

        // The compiler driver: clang does both architectures; gcc only the host's (ILCompiler passes --target).
        if (cross)
        {
            if (!OnPath("clang"))
            {
                missing.Add(new("clang (cross-compiling NativeAOT needs clang's --target)", "clang"));
            }
        }
        else if (!OnPath("clang") && !OnPath("gcc"))
        {
            missing.Add(new("a C compiler driver (clang or gcc)", "clang"));
        }

        // The linker for the target.
        if (useLld)
        {
            if (!OnPath("ld.lld"))
            {
                missing.Add(new("ld.lld (LinkerFlavor=lld)", "lld"));
            }
        }
        else if (cross && !OnPath($"{triple}-ld") && !OnPath($"{triple}-ld.bfd"))
        {
            missing.Add(new($"{triple}-ld (the {target.Name} linker)", binutilsCross));
        }
        else if (!cross && !OnPath("ld"))
        {
            missing.Add(new("ld (the linker)", "binutils"));
        }

        // The target's C runtime start files and libc to link against.
        var libDirs = cross
            ? new[] { $"/usr/{triple}/lib" }
            : new[] { $"/usr/lib/{triple}", $"/lib/{triple}" };
        if (!libDirs.Any(d => Exists(Path.Combine(d, "Scrt1.o")) && Exists(Path.Combine(d, "crti.o"))))
        {
            missing.Add(new($"the {target.Name} C runtime (Scrt1.o, crti.o)", cross ? $"libc6-dev-{crossSuffix}" : "libc6-dev"));
        }

        // libgcc for the target (clang uses gcc's installation for crtbeginS.o and -lgcc).
        var gccRoot = cross ? $"/usr/lib/gcc-cross/{triple}" : $"/usr/lib/gcc/{triple}";
        if (!HasLibgcc(gccRoot))
        {
            missing.Add(new($"libgcc for {target.Name} (crtbeginS.o, libgcc.a)", cross ? $"libgcc-12-dev-{crossSuffix}" : "libgcc-12-dev"));
        }

        // Splitting symbols into bootstrap.dbg needs an objcopy that understands the target.
        if (stripSymbols && !OnPath("llvm-objcopy") && !(cross ? OnPath($"{triple}-objcopy") : OnPath("objcopy")))
        {
            missing.Add(new("llvm-objcopy (to move symbols into the .dbg file)", "llvm"));
        }

        return missing;
    }

    /// <summary>The coded error for a non-empty list of missing parts, with the command that installs them.</summary>
    public static LambdaSlimException ToError(LambdaArchitecture target, IReadOnlyList<MissingToolchainPart> missing)
    {
        var packages = string.Join(' ', missing.Select(m => m.DebianPackage).Distinct());
        var parts = string.Join("; ", missing.Select(m => $"{m.What} [{m.DebianPackage}]"));
        return new LambdaSlimException("LSLIM1010",
            $"NativeAOT for {target.Name} needs native tools this machine lacks: {parts}. Install them with " +
            $"'apt-get install -y {packages}' (or run eng/install-prereqs.sh), or publish with " +
            "-p:LambdaPublishMode=Trimmed, which needs no native toolchain.");
    }

    private bool HasLibgcc(string gccRoot)
    {
        var dir = Under(gccRoot);
        return Directory.Exists(dir) && Directory.EnumerateDirectories(dir)
            .Any(v => File.Exists(Path.Combine(v, "libgcc.a")) && File.Exists(Path.Combine(v, "crtbeginS.o")));
    }

    private bool OnPath(string tool) => _searchPath.Any(dir => Exists(Path.Combine(dir, tool)));

    private bool Exists(string absolutePath) => File.Exists(Under(absolutePath));

    private string Under(string absolutePath) => Path.Combine(_root, absolutePath.TrimStart('/'));
}
