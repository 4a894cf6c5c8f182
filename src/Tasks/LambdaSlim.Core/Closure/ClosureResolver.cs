using System.Text.RegularExpressions;
using LambdaSlim.Core.Elf;

namespace LambdaSlim.Core.Closure;

/// <summary>
/// Resolves the shared libraries an app needs, as the dynamic loader would: breadth-first over DT_NEEDED, each name
/// searched in the sysroot's directories in order, skipping files of another machine or class (as ld.so does).
/// Names satisfied by the loader itself or by a library shipped in the app folder are not taken from the sysroot.
/// Symlinks are followed to the real file, which is placed in the image under the requested name. ICU is added on
/// purpose in ICU mode, because .NET <c>dlopen</c>s it (it is never DT_NEEDED).
/// </summary>
public static partial class ClosureResolver
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
        var queue = new Queue<(string Name, string RequiredBy)>();

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
            foreach (var name in elf.Needed)
            {
                queue.Enqueue((name, Path.GetFileName(path)));
            }
        }
        if (request.IncludeIcu)
        {
            foreach (var name in IcuLibraries(request.Sysroot))
            {
                queue.Enqueue((name, "ICU globalization"));
            }
        }

        var resolved = new HashSet<string>(StringComparer.Ordinal);
        while (queue.Count > 0)
        {
            var (name, requiredBy) = queue.Dequeue();
            if (provided.Contains(name) || !resolved.Add(name))
            {
                continue;
            }
            var found = Find(request.Sysroot, name, expectedMachine)
                ?? throw new LambdaSlimException("LSLIM2010",
                    $"The library '{name}' needed by '{requiredBy}' is not in {request.Sysroot.Description} for {architecture.Name} (searched {request.Sysroot.SearchedDirectories}). " +
                    $"Install the {architecture.Name} package that provides it, ship the library in the app folder, or set LambdaSysroot_{architecture.Name} to a root filesystem that has it.");
            var imagePath = found.Directory.ImagePath + "/" + name;
            files.TryAdd(imagePath, new ClosureFile(imagePath, found.RealPath, new FileInfo(found.RealPath).Length,
                requiredBy == "ICU globalization" ? requiredBy : "needed by " + requiredBy));
            foreach (var next in found.Elf.Needed)
            {
                queue.Enqueue((next, name));
            }
        }

        return new ClosureResult(interpreter, files.Values.ToList());
    }

    /// <summary>
    /// The ICU libraries .NET probes for (<c>libicuuc.so.N</c>, <c>libicui18n.so.N</c>; <c>libicudata.so.N</c> comes
    /// as their dependency), newest version present in the sysroot.
    /// </summary>
    private static IEnumerable<string> IcuLibraries(Sysroot sysroot)
    {
        var versions = sysroot.Directories
            .SelectMany(d => Directory.EnumerateFiles(d.HostPath, "libicuuc.so.*"))
            .Select(p => IcuUcName().Match(Path.GetFileName(p)))
            .Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))
            .OrderDescending()
            .ToList();
        if (versions.Count == 0)
        {
            var arm64Hint = sysroot.Architecture == Publishing.LambdaArchitecture.Arm64
                ? " Debian has no cross ICU package for arm64: extract libicu72_*_arm64.deb (dpkg-deb -x) into a folder together with libc6, libstdc++6 and libgcc-s1 for arm64 and set LambdaSysroot_arm64 to that folder."
                : " Install the ICU package (libicu72 on Debian 12) or set LambdaSysroot to a root filesystem that has it.";
            throw new LambdaSlimException("LSLIM2012",
                $"LambdaGlobalization=Icu needs ICU (libicuuc.so.N) but {sysroot.Description} for {sysroot.Architecture.Name} has none (searched {sysroot.SearchedDirectories})." + arm64Hint +
                " Or use LambdaGlobalization=Invariant, which needs no ICU.");
        }
        var version = versions[0].ToString(System.Globalization.CultureInfo.InvariantCulture);
        return [$"libicuuc.so.{version}", $"libicui18n.so.{version}", $"libicudata.so.{version}"];
    }

    [GeneratedRegex(@"^libicuuc\.so\.(\d+)$")]
    private static partial Regex IcuUcName();

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
