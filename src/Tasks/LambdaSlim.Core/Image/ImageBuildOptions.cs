using System.IO.Compression;
using LambdaSlim.Core.Closure;
using LambdaSlim.Core.Oci;
using LambdaSlim.Core.Publishing;

namespace LambdaSlim.Core.Image;

/// <summary>A file the user adds to the image (<c>LambdaImageFile</c> item) at an absolute image path.</summary>
public sealed record ExtraImageFile(string SourcePath, string ImagePath, UnixFileMode? Mode = null)
{
    /// <summary>Reads an octal mode (<c>0755</c>, <c>644</c>); empty means "from the source file".</summary>
    public static UnixFileMode? ParseMode(string mode, string item)
    {
        if (string.IsNullOrWhiteSpace(mode))
        {
            return null;
        }
        if (mode.Length > 4 || !mode.All(c => c is >= '0' and <= '7'))
        {
            throw new LambdaSlimException("LSLIM2015", $"LambdaImageFile '{item}' has Mode '{mode}'; give an octal mode such as 0755 or 644.");
        }
        return (UnixFileMode)Convert.ToInt32(mode, 8);
    }
}

/// <summary>
/// One architecture's input: the staged folder (<c>lambda/&lt;arch&gt;/</c>, whose files all go to /var/task except
/// symbol files), its bootstrap, the publish mode, the sysroot (null = the default for the architecture) and the
/// base. What the app loads at run time (OpenSSL, ICU, time zones) is read from the published files themselves.
/// </summary>
public sealed record ArchitectureInput(
    LambdaArchitecture Architecture,
    string AppDirectory,
    string Bootstrap,
    string PublishMode,
    Sysroot? Sysroot,
    BaseImage Base,
    IReadOnlyList<ExtraImageFile> ExtraFiles);

/// <summary>Everything that determines an image. Time is an input: nothing in the pipeline reads the clock.</summary>
public sealed record ImageBuildOptions
{
    /// <summary>1970-01-01T00:00:00Z, the timestamp when <c>SOURCE_DATE_EPOCH</c> is not set.</summary>
    public static readonly DateTimeOffset FixedEpoch = DateTimeOffset.UnixEpoch;

    /// <summary>Where the CA bundle is read from by default (Debian's ca-certificates).</summary>
    public const string HostCaBundle = "/etc/ssl/certs/ca-certificates.crt";

    public required IReadOnlyList<ArchitectureInput> Architectures { get; init; }

    /// <summary>The OCI image layout folder written (<c>$(LambdaOutputRoot)image/</c>).</summary>
    public required string LayoutDirectory { get; init; }

    /// <summary>The tar archive of the layout (<c>image.tar</c>); null writes none.</summary>
    public string? ArchivePath { get; init; }

    /// <summary>The folder for report.json and report.md; null writes none.</summary>
    public string? ReportDirectory { get; init; }

    /// <summary>The layer cache folder that makes a no-op publish cheap.</summary>
    public required string CacheDirectory { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = ["latest"];

    public ImageFormat Format { get; init; } = ImageFormat.Oci;

    public DateTimeOffset Timestamp { get; init; } = FixedEpoch;

    /// <summary>ContainerLabel items; they override the org.opencontainers.image.* labels set from the fields below.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>ContainerEnvironmentVariable items, in order; a name given again replaces the earlier value.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; } = [];

    /// <summary>ContainerUser; null uses <see cref="ImageFileSystem.DefaultUser"/> (or the base image's user).</summary>
    public string? User { get; init; }

    /// <summary>
    /// The CA bundle copied to /etc/ssl/certs/ca-certificates.crt when the image has OpenSSL; null leaves
    /// certificates out (<c>LambdaIncludeCaCertificates=false</c>).
    /// </summary>
    public string? CaBundlePath { get; init; } = HostCaBundle;

    /// <summary>PEM files whose certificates are appended to the CA bundle (<c>LambdaCaCertificate</c> items), in order.</summary>
    public IReadOnlyList<string> ExtraCaCertificates { get; init; } = [];

    /// <summary>Whether OpenSSL, time-zone data, ICU and GSSAPI go in (<c>LambdaOpenSsl</c>, …): Auto by default.</summary>
    public Runtime.RuntimePartSettings RuntimeParts { get; init; } = new();

    /// <summary>Repository name (ContainerRepository), used for docker-style tags in image.tar and the report.</summary>
    public string Repository { get; init; } = "function";

    /// <summary>ContainerRegistry, used in the report's ImageUri; null prints a placeholder.</summary>
    public string? Registry { get; init; }

    public string? FunctionName { get; init; }

    public string? SourceUrl { get; init; }

    public string? Revision { get; init; }

    public string? Version { get; init; }

    public CompressionLevel Compression { get; init; } = Layers.LayerBuilder.DefaultCompression;

    /// <summary>Reads <c>LambdaImageFormat</c>: <c>Oci</c> (default) or <c>Docker</c>, any case.</summary>
    public static ImageFormat ParseFormat(string value) =>
        string.IsNullOrWhiteSpace(value) || value.Trim().Equals("Oci", StringComparison.OrdinalIgnoreCase) ? ImageFormat.Oci
        : value.Trim().Equals("Docker", StringComparison.OrdinalIgnoreCase) ? ImageFormat.Docker
        : throw new LambdaSlimException("LSLIM2050", $"LambdaImageFormat='{value}' is not known. Use Oci (default) or Docker.");

    /// <summary>Reads <c>LambdaImageCompressionLevel</c>: <c>SmallestSize</c> (default) or <c>Optimal</c>.</summary>
    public static CompressionLevel ParseCompression(string value) =>
        string.IsNullOrWhiteSpace(value) || value.Trim().Equals("SmallestSize", StringComparison.OrdinalIgnoreCase) ? CompressionLevel.SmallestSize
        : value.Trim().Equals("Optimal", StringComparison.OrdinalIgnoreCase) ? CompressionLevel.Optimal
        : throw new LambdaSlimException("LSLIM2050", $"LambdaImageCompressionLevel='{value}' is not known. Use SmallestSize (default) or Optimal.");

    /// <summary>Reads <c>SOURCE_DATE_EPOCH</c> (seconds since 1970); empty means the fixed epoch.</summary>
    public static DateTimeOffset TimestampFrom(string? sourceDateEpoch)
    {
        if (string.IsNullOrWhiteSpace(sourceDateEpoch))
        {
            return FixedEpoch;
        }
        if (!long.TryParse(sourceDateEpoch.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            || seconds > 253402300799)
        {
            throw new LambdaSlimException("LSLIM2024",
                $"SOURCE_DATE_EPOCH='{sourceDateEpoch}' is not a number of seconds since 1970-01-01 (e.g. the output of `git log -1 --format=%ct`). Fix or unset it.");
        }
        return DateTimeOffset.FromUnixTimeSeconds(seconds);
    }
}
