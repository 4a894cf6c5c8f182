using LambdaSlim.Core.Image;
using LambdaSlim.Core.Zip;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace LambdaSlim.Tasks;

/// <summary>Writes <c>function-&lt;arch&gt;.zip</c> for the provided.al2023 runtime from each staged architecture folder.</summary>
public sealed class BuildLambdaZip : LambdaSlimTask
{
    /// <summary>@(LambdaArchitectureOutput).</summary>
    [Required] public ITaskItem[] Architectures { get; set; } = [];
    [Required] public string OutputDirectory { get; set; } = "";
    public string SourceDateEpoch { get; set; } = "";

    [Output] public ITaskItem[] ZipFiles { get; private set; } = [];

    protected override void ExecuteCore()
    {
        var timestamp = ImageBuildOptions.TimestampFrom(SourceDateEpoch);
        var written = new List<ITaskItem>();
        foreach (var item in Architectures)
        {
            var architecture = item.GetMetadata("Architecture");
            var zip = Path.Combine(OutputDirectory, $"function-{architecture}.zip");
            LambdaZipWriter.Write(item.ItemSpec, item.GetMetadata("Bootstrap"), zip, timestamp);
            LogHigh($"LambdaSlim: {architecture,-6} zip {new FileInfo(zip).Length:N0} bytes -> {zip} (runtime provided.al2023, architecture {architecture})");
            written.Add(new TaskItem(zip, new Dictionary<string, string> { ["Architecture"] = architecture }));
        }
        ZipFiles = written.ToArray();
    }
}
