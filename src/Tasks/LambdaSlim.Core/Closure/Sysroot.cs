using LambdaSlim.Core.Publishing;

namespace LambdaSlim.Core.Closure;

/// <summary>A library directory of a sysroot and the directory its libraries go to in the image.</summary>
public sealed record SysrootDirectory(string HostPath, string ImagePath);

/// <summary>
/// Where the target's shared libraries are found on the build machine, in search order, and where each directory's
/// libraries are placed in the image. The image paths are the multiarch directories Debian's loader searches by
/// default (<c>/lib/&lt;triplet&gt;</c>, <c>/usr/lib/&lt;triplet&gt;</c>), because the image has no
/// <c>ld.so.cache</c>. <see cref="UserRoot"/> is the folder the user gave (null for the build machine's defaults).
/// </summary>
public sealed record Sysroot(string Description, LambdaArchitecture Architecture, IReadOnlyList<SysrootDirectory> Directories, string? UserRoot = null)
{
    public static string TripletOf(LambdaArchitecture architecture) =>
        architecture == LambdaArchitecture.Arm64 ? "aarch64-linux-gnu" : "x86_64-linux-gnu";

    /// <summary>
    /// The distribution's own packages for the architecture first: the build machine's for its own architecture,
    /// the other one's installed through multiarch (<c>dpkg --add-architecture arm64</c>, which is how OpenSSL and ICU
    /// for arm64 get there), both under <c>/lib/&lt;triplet&gt;</c> and <c>/usr/lib/&lt;triplet&gt;</c>. Then the
    /// cross-toolchain copy of glibc (<c>libc6-arm64-cross</c> in <c>/usr/aarch64-linux-gnu/lib</c>), which is meant
    /// for linking and lags behind Debian's security updates; it serves when there is no multiarch glibc. One order for
    /// both architectures, so the same defaults work on an arm64 build machine.
    /// </summary>
    public static Sysroot Default(LambdaArchitecture architecture)
    {
        var triplet = TripletOf(architecture);
        SysrootDirectory[] candidates =
        [
            new($"/lib/{triplet}", $"/lib/{triplet}"),
            new($"/usr/lib/{triplet}", $"/usr/lib/{triplet}"),
            new($"/usr/{triplet}/lib", $"/lib/{triplet}"),
        ];
        return new Sysroot($"the default {architecture.Name} libraries", architecture, candidates.Where(d => Directory.Exists(d.HostPath)).ToList());
    }

    /// <summary>
    /// A root filesystem or cross sysroot given by the user (<c>LambdaSysroot</c>, <c>LambdaSysroot_arm64</c>):
    /// searched in <c>lib/&lt;triplet&gt;</c>, <c>usr/lib/&lt;triplet&gt;</c>, then the flat <c>lib</c> and
    /// <c>usr/lib</c> of cross layouts.
    /// </summary>
    public static Sysroot FromRoot(string root, LambdaArchitecture architecture)
    {
        if (!Directory.Exists(root))
        {
            throw new LambdaSlimException("LSLIM2011",
                $"The sysroot '{root}' for {architecture.Name} does not exist. Point LambdaSysroot_{architecture.Name} (or LambdaSysroot) at a folder holding the target's libraries, e.g. an extracted root filesystem or /usr/aarch64-linux-gnu.");
        }
        var triplet = TripletOf(architecture);
        var directories = new List<SysrootDirectory>
        {
            new(Path.Combine(root, "lib", triplet), $"/lib/{triplet}"),
            new(Path.Combine(root, "usr", "lib", triplet), $"/usr/lib/{triplet}"),
            new(Path.Combine(root, "lib"), $"/lib/{triplet}"),
            new(Path.Combine(root, "usr", "lib"), $"/usr/lib/{triplet}"),
        }.Where(d => Directory.Exists(d.HostPath)).ToList();
        if (directories.Count == 0)
        {
            throw new LambdaSlimException("LSLIM2011",
                $"The sysroot '{root}' for {architecture.Name} has none of lib/{triplet}, usr/lib/{triplet}, lib or usr/lib. Point it at the root of a filesystem that holds the target's libraries.");
        }
        return new Sysroot($"the sysroot '{root}'", architecture, directories, root);
    }

    /// <summary>
    /// The time-zone database to ship: the sysroot's own <c>usr/share/zoneinfo</c> when it has one, else the build
    /// machine's. The data is the same for every architecture, so a library-only cross sysroot (e.g.
    /// <c>/usr/aarch64-linux-gnu</c>) need not carry it.
    /// </summary>
    public string ZoneInfoDirectory =>
        UserRoot is not null && Directory.Exists(Path.Combine(UserRoot, "usr", "share", "zoneinfo"))
            ? Path.Combine(UserRoot, "usr", "share", "zoneinfo")
            : "/usr/share/zoneinfo";

    public string SearchedDirectories => Directories.Count == 0 ? "(no library directory exists)" : string.Join(", ", Directories.Select(d => d.HostPath));
}
