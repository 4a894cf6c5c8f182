using LambdaSlim.Core;
using LambdaSlim.Core.Closure;
using LambdaSlim.Core.Image;
using LambdaSlim.Core.Oci;
using LambdaSlim.Core.Publishing;
using LambdaSlim.Core.Report;
using LambdaSlim.Core.Runtime;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace LambdaSlim.Tasks;

/// <summary>
/// Builds the Lambda container image from the staged architecture folders: maps the items and properties onto
/// <see cref="ImageBuildOptions"/>, calls <see cref="ImageBuilder.Build"/> once, prints the report table.
/// </summary>
public sealed class BuildLambdaImage : LambdaSlimTask
{
    /// <summary>@(LambdaArchitectureOutput): folder + Architecture, Bootstrap, PublishMode metadata.</summary>
    [Required] public ITaskItem[] Architectures { get; set; } = [];
    [Required] public string LayoutDirectory { get; set; } = "";
    [Required] public string CacheDirectory { get; set; } = "";
    public string ArchivePath { get; set; } = "";
    public string ReportDirectory { get; set; } = "";
    /// <summary>Tags, ';'-separated (ContainerImageTags, else ContainerImageTag, else latest).</summary>
    public string Tags { get; set; } = "";
    public string Format { get; set; } = "";
    /// <summary>LambdaImageCompressionLevel: SmallestSize (default) or Optimal.</summary>
    public string CompressionLevel { get; set; } = "";
    /// <summary>ContainerLabel items: Include = name, Value metadata.</summary>
    public ITaskItem[] Labels { get; set; } = [];
    /// <summary>ContainerEnvironmentVariable items: Include = name, Value metadata.</summary>
    public ITaskItem[] EnvironmentVariables { get; set; } = [];
    public string User { get; set; } = "";
    public bool IncludeCaCertificates { get; set; } = true;
    public string CaBundle { get; set; } = "";
    /// <summary>LambdaCaCertificate items: PEM files appended to the CA bundle.</summary>
    public ITaskItem[] CaCertificates { get; set; } = [];
    /// <summary>LambdaOpenSsl, LambdaTimeZoneData, LambdaIcu, LambdaGssApi: Auto (default), Include or None.</summary>
    public string OpenSsl { get; set; } = "";
    public string TimeZoneData { get; set; } = "";
    public string Icu { get; set; } = "";
    public string GssApi { get; set; } = "";
    public string Repository { get; set; } = "";
    public string Registry { get; set; } = "";
    public string FunctionName { get; set; } = "";
    public string SourceUrl { get; set; } = "";
    public string Revision { get; set; } = "";
    public string Version { get; set; } = "";
    public string SourceDateEpoch { get; set; } = "";
    /// <summary>LambdaSysroot (both architectures) and the per-architecture overrides, which win.</summary>
    public string Sysroot { get; set; } = "";
    public string SysrootX86_64 { get; set; } = "";
    public string SysrootArm64 { get; set; } = "";
    /// <summary>LambdaBaseImage: empty (closure base), 'scratch', or a reference pulled into BaseImageLayouts.</summary>
    public string BaseImage { get; set; } = "";
    /// <summary>Pulled base: Include = OCI layout folder, metadata Architecture and ManifestDigest.</summary>
    public ITaskItem[] BaseImageLayouts { get; set; } = [];
    /// <summary>LambdaImageFile items: Include = source file, optional ImagePath, Mode (octal), Architecture.</summary>
    public ITaskItem[] ImageFiles { get; set; } = [];

    [Output] public string IndexDigest { get; private set; } = "";
    /// <summary>One item per architecture: Include = architecture, metadata Digest (manifest), Size.</summary>
    [Output] public ITaskItem[] ImageManifests { get; private set; } = [];

    protected override void ExecuteCore()
    {
        var options = new ImageBuildOptions
        {
            Architectures = Architectures.Select(Input).ToList(),
            LayoutDirectory = LayoutDirectory,
            ArchivePath = NullIfEmpty(ArchivePath),
            ReportDirectory = NullIfEmpty(ReportDirectory),
            CacheDirectory = CacheDirectory,
            Tags = Tags.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Format = ImageBuildOptions.ParseFormat(Format),
            Timestamp = ImageBuildOptions.TimestampFrom(SourceDateEpoch),
            Compression = ImageBuildOptions.ParseCompression(CompressionLevel),
            // A label given twice keeps the last value, as MSBuild property overrides do.
            Labels = Labels.GroupBy(l => l.ItemSpec, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().GetMetadata("Value"), StringComparer.Ordinal),
            Environment = EnvironmentVariables.Select(e => new KeyValuePair<string, string>(e.ItemSpec, e.GetMetadata("Value"))).ToList(),
            User = NullIfEmpty(User),
            CaBundlePath = IncludeCaCertificates ? NullIfEmpty(CaBundle) ?? ImageBuildOptions.HostCaBundle : null,
            ExtraCaCertificates = CaCertificates.Select(c => c.GetMetadata("FullPath")).ToList(),
            RuntimeParts = RuntimePartSettings.FromProperties(OpenSsl, TimeZoneData, Icu, GssApi),
            Repository = Repository is "" ? "function" : Repository,
            Registry = NullIfEmpty(Registry),
            FunctionName = NullIfEmpty(FunctionName),
            SourceUrl = NullIfEmpty(SourceUrl),
            Revision = NullIfEmpty(Revision),
            Version = NullIfEmpty(Version),
        };

        var result = ImageBuilder.Build(options);
        foreach (var line in ImageReport.ToText(result, options))
        {
            LogHigh(line);
        }
        LogHigh($"LambdaSlim: image {(result.OutputsUnchanged ? "unchanged" : "written")} in {result.Elapsed.TotalMilliseconds:0} ms ({result.Images.Sum(i => i.LayersBuilt)} layers built)");
        IndexDigest = result.IndexDescriptor.Digest;
        ImageManifests = result.Images.Select(i => (ITaskItem)new TaskItem(i.Architecture.Name, new Dictionary<string, string>
        {
            ["Digest"] = i.ManifestDescriptor.Digest,
            ["Size"] = i.ManifestDescriptor.Size.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })).ToArray();
    }

    private ArchitectureInput Input(ITaskItem item)
    {
        var name = item.GetMetadata("Architecture");
        var architecture = LambdaArchitecture.FromName(name)
            ?? throw new LambdaSlimException("LSLIM2050", $"LambdaArchitectureOutput '{item.ItemSpec}' has Architecture '{name}'; expected x86_64 or arm64.");
        var sysroot = NullIfEmpty(architecture == LambdaArchitecture.Arm64 ? SysrootArm64 : SysrootX86_64) ?? NullIfEmpty(Sysroot);
        var extras = ImageFiles
            .Where(f => f.GetMetadata("Architecture") is "" || f.GetMetadata("Architecture") == architecture.Name)
            .Select(f => new ExtraImageFile(f.GetMetadata("FullPath"),
                NullIfEmpty(f.GetMetadata("ImagePath")) ?? ImageFileSystem.TaskRoot + "/" + Path.GetFileName(f.ItemSpec),
                ExtraImageFile.ParseMode(f.GetMetadata("Mode"), f.ItemSpec)))
            .ToList();
        return new ArchitectureInput(architecture, item.ItemSpec, item.GetMetadata("Bootstrap"), item.GetMetadata("PublishMode"),
            sysroot is null ? null : Core.Closure.Sysroot.FromRoot(sysroot, architecture), BaseFor(architecture), extras);
    }

    private Core.Image.BaseImage BaseFor(LambdaArchitecture architecture)
    {
        if (BaseImage is "" || BaseImage.Equals("closure", StringComparison.OrdinalIgnoreCase))
        {
            return new Core.Image.BaseImage.Closure();
        }
        if (BaseImage.Equals("scratch", StringComparison.OrdinalIgnoreCase))
        {
            return new Core.Image.BaseImage.Scratch();
        }
        var layout = BaseImageLayouts.FirstOrDefault(l => l.GetMetadata("Architecture") == architecture.Name)
            ?? throw new LambdaSlimException("LSLIM2023",
                $"LambdaBaseImage='{BaseImage}' has not been pulled for {architecture.Name}. Check that the base image has a linux/{architecture.OciArchitecture} manifest, or use the default base (leave LambdaBaseImage empty).");
        return new Core.Image.BaseImage.OciLayout(layout.ItemSpec, layout.GetMetadata("ManifestDigest"));
    }

    private static string? NullIfEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
