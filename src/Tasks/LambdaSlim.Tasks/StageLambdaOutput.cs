using LambdaSlim.Core.Publishing;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace LambdaSlim.Tasks;

/// <summary>
/// Copies one architecture's publish output to <c>lambda/&lt;arch&gt;/</c> with the executable named <c>bootstrap</c>,
/// prints the one-line summary and returns the <c>LambdaArchitectureOutput</c> item the later steps consume.
/// </summary>
public sealed class StageLambdaOutput : LambdaSlimTask
{
    [Required] public string PublishDirectory { get; set; } = "";
    [Required] public string ExecutableName { get; set; } = "";
    [Required] public string Architecture { get; set; } = "";
    [Required] public string RuntimeIdentifier { get; set; } = "";
    [Required] public string PublishMode { get; set; } = "";
    [Required] public string Globalization { get; set; } = "";
    [Required] public string OutputRoot { get; set; } = "";

    [Output]
    public ITaskItem? ArchitectureOutput { get; private set; }

    protected override void ExecuteCore()
    {
        var destination = Path.Combine(OutputRoot, Architecture) + Path.DirectorySeparatorChar;
        var staged = LambdaOutputStager.Stage(PublishDirectory, ExecutableName, destination);
        // AOT: one file, its size is the function's size. Trimmed: bootstrap is a small apphost, so give the folder.
        var size = PublishMode == "Aot"
            ? FormatSize(staged.BootstrapBytes)
            : $"{FormatSize(staged.AppBytes)} in {staged.Files.Count(f => !StagedArchitecture.IsSymbolFile(f))} files";
        LogHigh($"LambdaSlim: {Architecture,-6} {PublishMode,-7} {size} -> {staged.BootstrapPath}");

        ArchitectureOutput = new TaskItem(destination, new Dictionary<string, string>
        {
            ["Architecture"] = Architecture,
            ["RuntimeIdentifier"] = RuntimeIdentifier,
            ["Bootstrap"] = staged.BootstrapPath,
            ["BootstrapBytes"] = staged.BootstrapBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AppBytes"] = staged.AppBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PublishMode"] = PublishMode,
            ["Globalization"] = Globalization,
        });
    }

    private static string FormatSize(long bytes) =>
        (bytes / 1024.0 / 1024.0).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) + " MB";
}
