using System.Globalization;
using System.Text.RegularExpressions;
using LambdaSlim.Core.Closure;
using LambdaSlim.Core.Image;
using LambdaSlim.Core.Layers;

namespace LambdaSlim.Core.Runtime;

/// <summary>
/// Decides which run-time parts go into an image (the part's mode, else what <see cref="RuntimeUsage"/> found) and
/// collects each from the sysroot: libraries with their own DT_NEEDED closure (names the base layer already has are
/// not taken twice), data sets as folders. A part that is needed but missing is a coded error naming the file, what
/// needs it and how to install it, raised before anything is written.
/// </summary>
public static partial class RuntimePartResolver
{
    public static IReadOnlyList<ResolvedPart> Resolve(RuntimePartRequest request)
    {
        var satisfied = new HashSet<string>(request.Closure.SatisfiedNames, StringComparer.Ordinal);
        var parts = new List<ResolvedPart>();
        foreach (var part in RuntimePart.All)
        {
            var reason = ReasonFor(part, request, parts);
            if (reason is null)
            {
                continue;
            }
            parts.Add(part == RuntimePart.TimeZoneData ? TimeZones(request, reason)
                : part == RuntimePart.CaCertificates ? CaCertificates(request, reason)
                : Libraries(part, LibraryNames(part, request, reason), request, reason, satisfied));
        }
        if (request.ExtraCaCertificates.Count > 0 && parts.All(p => p.Part != RuntimePart.CaCertificates))
        {
            throw new LambdaSlimException("LSLIM2066",
                $"LambdaCaCertificate items were given, but the {request.Sysroot.Architecture.Name} image has no CA bundle to add them to " +
                (request.CaBundlePath is null ? "(LambdaIncludeCaCertificates=false). Remove the items or the setting."
                    : "(the function does not use OpenSSL, or LambdaOpenSsl=None). Set LambdaOpenSsl=Include if it makes TLS connections, or remove the items."));
        }
        return parts;
    }

    /// <summary>Why the part is in, or null when it is out.</summary>
    private static string? ReasonFor(RuntimePart part, RuntimePartRequest request, IReadOnlyList<ResolvedPart> earlier)
    {
        if (part == RuntimePart.CaCertificates)
        {
            // Certificates are only ever read by OpenSSL's users, so they follow it.
            return request.CaBundlePath is not null && earlier.Any(p => p.Part == RuntimePart.OpenSsl) ? "verifies TLS servers for OpenSSL" : null;
        }
        return request.Settings.ModeOf(part) switch
        {
            RuntimePartMode.Include => $"{part.Property}=Include",
            RuntimePartMode.None => null,
            _ => request.Usage.TryGetValue(part, out var evidence) ? evidence : null,
        };
    }

    private static IReadOnlyList<string> LibraryNames(RuntimePart part, RuntimePartRequest request, string reason) =>
        part == RuntimePart.OpenSsl ? ["libssl.so.3", "libcrypto.so.3"]
        : part == RuntimePart.GssApi ? ["libgssapi_krb5.so.2"]
        : part == RuntimePart.Icu ? IcuLibraries(request.Sysroot, reason)
        : throw new ArgumentOutOfRangeException(nameof(part), part.Name, "Not a library part.");

    private static ResolvedPart Libraries(RuntimePart part, IReadOnlyList<string> names, RuntimePartRequest request, string reason, HashSet<string> satisfied)
    {
        var sysroot = request.Sysroot;
        var architecture = sysroot.Architecture;
        var files = ClosureResolver.ResolveLibraries(sysroot, names.Select(n => (n, part.Purpose)), satisfied,
            (name, why) => new LambdaSlimException(part.MissingCode,
                $"The {architecture.Name} image needs {name} ({why}) because {reason}: {part.NeededBy}. " +
                $"It is not in {sysroot.Description} (searched {sysroot.SearchedDirectories}). {part.HowToProvide(architecture, sysroot.UserRoot is null)}"));
        var layer = new LayerTree();
        foreach (var file in files)
        {
            layer.Add(LayerEntry.FromFile(file.ImagePath, file.SourcePath, ImageFileSystem.ModeOf(file.SourcePath)));
            satisfied.Add(Path.GetFileName(file.ImagePath));
        }
        return new ResolvedPart(part, reason, files, layer);
    }

    private static ResolvedPart TimeZones(RuntimePartRequest request, string reason)
    {
        var sysroot = request.Sysroot;
        var directory = sysroot.ZoneInfoDirectory;
        var part = RuntimePart.TimeZoneData;
        var contents = TimeZoneDatabase.Read(directory)
            ?? throw new LambdaSlimException(part.MissingCode,
                $"The {sysroot.Architecture.Name} image needs the time-zone database (/usr/share/zoneinfo) because {reason}: {part.NeededBy}. " +
                $"'{directory}' has no zone files. {part.HowToProvide(sysroot.Architecture, sysroot.UserRoot is null, architectureIndependent: true)}");
        var layer = new LayerTree();
        foreach (var entry in contents.Entries)
        {
            layer.Add(entry);
        }
        var summary = new ClosureFile(TimeZoneDatabase.ImagePath, directory, contents.Bytes,
            string.Create(CultureInfo.InvariantCulture, $"{part.Purpose}: {contents.ZoneFiles} zones, {contents.Links} links"));
        return new ResolvedPart(part, reason, [summary], layer);
    }

    private static ResolvedPart CaCertificates(RuntimePartRequest request, string reason)
    {
        var content = CaBundle.Build(request.CaBundlePath!, request.ExtraCaCertificates);
        var extra = request.ExtraCaCertificates.Count == 0 ? "" : $" + {request.ExtraCaCertificates.Count} LambdaCaCertificate file(s)";
        var file = new ClosureFile(ImageFileSystem.CaBundleImagePath, request.CaBundlePath!, content.Length, RuntimePart.CaCertificates.Purpose + extra);
        return new ResolvedPart(RuntimePart.CaCertificates, reason, [file],
            new LayerTree().Add(LayerEntry.FromBytes(ImageFileSystem.CaBundleImagePath, content)));
    }

    /// <summary>
    /// The ICU libraries .NET probes for (<c>libicuuc.so.N</c>, <c>libicui18n.so.N</c>, <c>libicudata.so.N</c>),
    /// newest version present in the sysroot.
    /// </summary>
    private static IReadOnlyList<string> IcuLibraries(Sysroot sysroot, string reason)
    {
        var versions = sysroot.Directories
            .SelectMany(d => Directory.EnumerateFiles(d.HostPath, "libicuuc.so.*"))
            .Select(p => IcuUcName().Match(Path.GetFileName(p)))
            .Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))
            .OrderDescending()
            .ToList();
        if (versions.Count == 0)
        {
            var part = RuntimePart.Icu;
            throw new LambdaSlimException(part.MissingCode,
                $"The {sysroot.Architecture.Name} image needs ICU (libicuuc.so.N) because {reason}: {part.NeededBy}. " +
                $"It is not in {sysroot.Description} (searched {sysroot.SearchedDirectories}). {part.HowToProvide(sysroot.Architecture, sysroot.UserRoot is null)} " +
                "Or use LambdaGlobalization=Invariant, which needs no ICU.");
        }
        var version = versions[0].ToString(CultureInfo.InvariantCulture);
        return [$"libicuuc.so.{version}", $"libicui18n.so.{version}", $"libicudata.so.{version}"];
    }

    [GeneratedRegex(@"^libicuuc\.so\.(\d+)$")]
    private static partial Regex IcuUcName();
}
