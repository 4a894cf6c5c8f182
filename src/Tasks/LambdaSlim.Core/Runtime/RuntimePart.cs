using LambdaSlim.Core.Publishing;

namespace LambdaSlim.Core.Runtime;

/// <summary>
/// A part of the image that .NET loads at run time without naming it in <c>DT_NEEDED</c>: it <c>dlopen</c>s a
/// library or reads a data set only when the program uses a feature, so a closure of the ELF dependencies never
/// finds it and an image without it fails only on Lambda. Each part is its own layer, identical for every function
/// built on the same sysroot, and has a property that forces it in or out (<see cref="Property"/>).
/// <see cref="All"/> is also the layer order: parts that change least and are shared most come first.
/// </summary>
public sealed class RuntimePart
{
    /// <summary>OpenSSL: every TLS connection and every hash, HMAC and random number of System.Security.Cryptography.</summary>
    public static readonly RuntimePart OpenSsl = new(
        "openssl", "LambdaOpenSsl", "TLS and hashing", "LSLIM2061",
        ".NET's OpenSSL shim (TLS, hashes, HMAC, random numbers) loads it on first use and aborts the process when it is missing",
        debianPackage: "libssl3", ubuntuNote: "on Ubuntu 24.04 the package is libssl3t64");

    /// <summary>The trusted CA certificates OpenSSL verifies servers against; goes with <see cref="OpenSsl"/>.</summary>
    public static readonly RuntimePart CaCertificates = new(
        "ca-certificates", "LambdaIncludeCaCertificates", "trusted CA certificates", "LSLIM2017",
        "TLS server certificates are verified against it",
        debianPackage: "ca-certificates", ubuntuNote: null);

    /// <summary>The IANA time-zone database that <c>TimeZoneInfo.FindSystemTimeZoneById</c> and friends read.</summary>
    public static readonly RuntimePart TimeZoneData = new(
        "tzdata", "LambdaTimeZoneData", "time zones", "LSLIM2062",
        "TimeZoneInfo.FindSystemTimeZoneById, ConvertTimeBySystemTimeZoneId and GetSystemTimeZones read it and throw TimeZoneNotFoundException when it is missing",
        debianPackage: "tzdata", ubuntuNote: null);

    /// <summary>ICU, which a build without invariant globalization loads at start (culture data, collation, IDN).</summary>
    public static readonly RuntimePart Icu = new(
        "icu", "LambdaIcu", "ICU globalization", "LSLIM2012",
        "a build without invariant globalization (LambdaGlobalization=Icu) loads it at start and aborts when it is missing",
        debianPackage: "libicu72", ubuntuNote: "on Ubuntu the package is libicu70 (22.04) or libicu74 (24.04)");

    /// <summary>GSSAPI (MIT Kerberos), which Negotiate/Kerberos/NTLM authentication loads.</summary>
    public static readonly RuntimePart GssApi = new(
        "gssapi", "LambdaGssApi", "Negotiate and Kerberos authentication", "LSLIM2063",
        "NegotiateAuthentication and HttpClient's Negotiate/NTLM authentication load it for their first token and throw TypeInitializationException when it is missing",
        debianPackage: "libgssapi-krb5-2", ubuntuNote: null);

    public static IReadOnlyList<RuntimePart> All { get; } = [OpenSsl, CaCertificates, TimeZoneData, Icu, GssApi];

    private readonly string _debianPackage;
    private readonly string? _ubuntuNote;

    private RuntimePart(string name, string property, string purpose, string missingCode, string neededBy, string debianPackage, string? ubuntuNote)
    {
        Name = name;
        Property = property;
        Purpose = purpose;
        MissingCode = missingCode;
        NeededBy = neededBy;
        _debianPackage = debianPackage;
        _ubuntuNote = ubuntuNote;
    }

    /// <summary>The layer role and the short name in reports (<c>openssl</c>).</summary>
    public string Name { get; }

    /// <summary>The MSBuild property that forces the part in or out.</summary>
    public string Property { get; }

    /// <summary>What the part is for, as the report says it ("TLS and hashing").</summary>
    public string Purpose { get; }

    /// <summary>The error when the part is needed but the sysroot lacks it.</summary>
    public string MissingCode { get; }

    /// <summary>Which part of .NET needs it and what happens without it.</summary>
    public string NeededBy { get; }

    /// <summary>
    /// The command that installs the part for <paramref name="architecture"/> on Debian 12, the system the default
    /// sysroots read: the build machine's own packages for x86_64, Debian's arm64 packages through multiarch for arm64
    /// (the cross packages carry only glibc). Architecture-independent data needs no architecture suffix.
    /// </summary>
    private string InstallCommand(LambdaArchitecture architecture, bool architectureIndependent) =>
        architecture == LambdaArchitecture.Arm64 && !architectureIndependent
            ? $"dpkg --add-architecture arm64 && apt-get update && apt-get install {_debianPackage}:arm64"
            : $"apt-get install {_debianPackage}";

    /// <summary>How to get the part, for an error message: the Debian command, the Ubuntu difference, and the sysroot way.</summary>
    public string HowToProvide(LambdaArchitecture architecture, bool defaultSysroot, bool architectureIndependent = false)
    {
        var install = $"Install it with `{InstallCommand(architecture, architectureIndependent)}` (Debian 12{(_ubuntuNote is null ? "" : "; " + _ubuntuNote)})";
        var sysroot = defaultSysroot
            ? $"or set LambdaSysroot_{architecture.Name} to a root filesystem that has it"
            : $"add it to that sysroot (from the target's {_debianPackage} package) or unset LambdaSysroot_{architecture.Name} to use the build machine's";
        return $"{install}, {sysroot}; {Property}=None leaves it out if you ship it yourself.";
    }

    public override string ToString() => Name;
}
