using LambdaSlim.Core.Elf;

namespace LambdaSlim.Core.Closure;

/// <summary>
/// Resolves the shared libraries an app needs, as the dynamic loader would: breadth-first over DT_NEEDED, each name
/// searched in the sysroot's directories in order, skipping files of another machine or class (as ld.so does).
/// Names satisfied by the loader itself or by a library shipped in the app folder are not taken from the sysroot.
/// Symlinks are followed to the real file, which is placed in the image under the requested name. Libraries .NET
/// <c>dlopen</c>s (never DT_NEEDED) are added by <see cref="Runtime.RuntimePartResolver"/> through
/// <see cref="ResolveLibraries"/>.
/// </summary>
public static class ClosureResolver
{
    /// <summary>
    /// Libraries shipped with a self-contained .NET app that are loaded only on demand and whose dependencies are
    /// legitimately absent: the LTTng trace provider needs liblttng-ust, which neither Lambda nor most build machines
    /// have; the runtime carries on without it. They stay in the app layer but are not closure roots.
    /// </summary>
    private static readonly HashSet<string> OptionalRuntimeLibraries = new(StringComparer.Ordinal) { "libcoreclrtraceptprovider.so" };

    public static ClosureResult Resolve(ClosureRequest request)
    {
        var architecture = request.Architecture;
        var expectedMachine = architecture == Publishing.LambdaArchitecture.Arm64 ? ElfMachine.AArch64 : ElfMachine.X86_64;
        if (!File.Exists(request.Bootstrap))
        {
            throw new LambdaSlimException("LSLIM2014",
                $"The bootstrap executable '{request.Bootstrap}' does not exist. Publish the function for {architecture.Name} first (LambdaPublishArchitectures).");
        }
        var bootstrap = ElfReader.Read(request.Bootstrap);
        if (bootstrap.Machine != expectedMachine || bootstrap.Class != ElfClass.Elf64)
        {
            throw new LambdaSlimException("LSLIM2003",
                $"'{request.Bootstrap}' is a {ElfMachine.Describe(bootstrap.Machine)} {bootstrap.Class} executable, not {architecture.Name}. Publish it with RuntimeIdentifier {architecture.RuntimeIdentifier}.");
        }

        var files = new SortedDictionary<string, ClosureFile>(StringComparer.Ordinal);
        var provided = new HashSet<string>(StringComparer.Ordinal);
        var needed = new List<(string Name, string Reason)>();

        // Roots: the bootstrap and every ELF file shipped beside it or added as an extra file.
        var roots = new List<(string Path, ElfFile Elf)> { (request.Bootstrap, bootstrap) };
        foreach (var path in request.AppFiles.Concat(request.ExtraFiles))
        {
            if (Path.GetFullPath(path) == Path.GetFullPath(request.Bootstrap) || !ElfReader.HasElfMagic(path))
            {
                continue;
            }
            var elf = ElfReader.Read(path);
            if (elf.Machine != expectedMachine)
            {
                throw new LambdaSlimException("LSLIM2003",
                    $"'{path}' is a {ElfMachine.Describe(elf.Machine)} binary in the {architecture.Name} image. Ship the {architecture.Name} build of it (for NuGet native assets, check the runtimes/{architecture.RuntimeIdentifier}/native folder).");
            }
            provided.Add(Path.GetFileName(path));
            if (elf.Soname is not null)
            {
                provided.Add(elf.Soname);
            }
            if (!OptionalRuntimeLibraries.Contains(Path.GetFileName(path)))
            {
                roots.Add((path, elf));
            }
        }

        string? interpreter = null;
        var interpreterPath = roots.Select(r => r.Elf.Interpreter).FirstOrDefault(i => i is not null);
        if (interpreterPath is not null)
        {
            var loader = Find(request.Sysroot, Path.GetFileName(interpreterPath), expectedMachine)
                ?? throw new LambdaSlimException("LSLIM2013",
                    $"The dynamic loader '{Path.GetFileName(interpreterPath)}' (PT_INTERP {interpreterPath}) is not in {request.Sysroot.Description} (searched {request.Sysroot.SearchedDirectories}). " +
                    (architecture == Publishing.LambdaArchitecture.Arm64 ? "Install libc6-arm64-cross, or set LambdaSysroot_arm64 to a folder that has it." : "Set LambdaSysroot to a folder that has the target's glibc."));
            interpreter = interpreterPath;
            files[interpreterPath] = new ClosureFile(interpreterPath, loader.RealPath, new FileInfo(loader.RealPath).Length, "interpreter");
            // The loader satisfies requests for itself (libc.so.6 lists it as NEEDED) without a second copy.
            provided.Add(Path.GetFileName(interpreterPath));
            if (loader.Elf.Soname is not null)
            {
                provided.Add(loader.Elf.Soname);
            }
        }

        foreach (var (path, elf) in roots)
        {
            needed.AddRange(elf.Needed.Select(name => (name, NeededBy(Path.GetFileName(path)))));
        }

        var resolved = ResolveLibraries(request.Sysroot, needed, provided,
            (name, reason) => new LambdaSlimException("LSLIM2010",
                $"The library '{name}' ({reason}) is not in {request.Sysroot.Description} for {architecture.Name} (searched {request.Sysroot.SearchedDirectories}). " +
                $"Install the {architecture.Name} package that provides it, ship the library in the app folder, or set LambdaSysroot_{architecture.Name} to a root filesystem that has it."));
        foreach (var file in resolved)
        {
            files.TryAdd(file.ImagePath, file);
        }
        return new ClosureResult(interpreter, files.Values.ToList(), provided.Concat(resolved.Select(f => Path.GetFileName(f.ImagePath))).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>The reason of a library that a file lists in DT_NEEDED.</summary>
    public static string NeededBy(string fileName) => "needed by " + fileName;

    /// <summary>
    /// Breadth-first over DT_NEEDED from <paramref name="roots"/> (library name, why it is wanted: "needed by
    /// bootstrap", or a purpose such as "TLS and hashing" for a library .NET loads itself). Names in
    /// <paramref name="provided"/> are satisfied already and not taken again; dependencies are "needed by" the library
    /// that lists them. <paramref name="missing"/> makes the error for a name the sysroot lacks (name, reason).
    /// </summary>
    public static IReadOnlyList<ClosureFile> ResolveLibraries(Sysroot sysroot, IEnumerable<(string Name, string Reason)> roots,
        IReadOnlySet<string> provided, Func<string, string, LambdaSlimException> missing)
    {
        var machine = sysroot.Architecture == Publishing.LambdaArchitecture.Arm64 ? ElfMachine.AArch64 : ElfMachine.X86_64;
        var queue = new Queue<(string Name, string Reason)>(roots);
        var resolved = new HashSet<string>(StringComparer.Ordinal);
        var files = new List<ClosureFile>();
        while (queue.Count > 0)
        {
            var (name, reason) = queue.Dequeue();
            if (provided.Contains(name) || !resolved.Add(name))
            {
                continue;
            }
            var found = Find(sysroot, name, machine) ?? throw missing(name, reason);
            var imagePath = found.Directory.ImagePath + "/" + name;
            files.Add(new ClosureFile(imagePath, found.RealPath, new FileInfo(found.RealPath).Length, reason));
            foreach (var next in found.Elf.Needed)
            {
                queue.Enqueue((next, NeededBy(name)));
            }
        }
        return files;
    }

    private sealed record Found(SysrootDirectory Directory, string RealPath, ElfFile Elf);

    private static Found? Find(Sysroot sysroot, string name, ushort machine)
    {
        if (name.Contains('/'))
        {
            return null;
        }
        foreach (var directory in sysroot.Directories)
        {
            var candidate = Path.Combine(directory.HostPath, name);
            if (!File.Exists(candidate))
            {
                continue;
            }
            var real = RealPath(candidate);
            var elf = ElfReader.Read(real);
            // Like ld.so, skip a file of another machine or class and keep searching.
            if (elf.Machine == machine && elf.Class == ElfClass.Elf64)
            {
                return new Found(directory, real, elf);
            }
        }
        return null;
    }

    private static string RealPath(string path)
    {
        var target = File.ResolveLinkTarget(path, returnFinalTarget: true);
        return target is null ? Path.GetFullPath(path) : target.FullName;
    }
}
