using LambdaSlim.Core.Publishing;
using Microsoft.Build.Framework;

namespace LambdaSlim.Tasks;

/// <summary>Fails with LSLIM1010, naming the Debian packages, when NativeAOT cannot link for an architecture.</summary>
public sealed class CheckNativeToolchain : LambdaSlimTask
{
    [Required]
    public ITaskItem[] Architectures { get; set; } = [];

    public bool StripSymbols { get; set; }

    public string LinkerFlavor { get; set; } = "";

    protected override void ExecuteCore()
    {
        var host = LambdaArchitecture.Host;
        var toolchain = NativeToolchain.ForThisMachine();
        foreach (var item in Architectures)
        {
            var target = LambdaArchitecture.FromName(item.ItemSpec)!;
            if (host is null)
            {
                LogError("LSLIM1012", $"This build machine's architecture cannot build NativeAOT for {target.Name}. Build on x86_64 or arm64 Linux, or use -p:LambdaPublishMode=Trimmed.");
                continue;
            }

            var missing = toolchain.FindMissing(target, host, StripSymbols, LinkerFlavor);
            if (missing.Count > 0)
            {
                var error = NativeToolchain.ToError(target, missing);
                LogError(error.Code, error.Message);
            }
        }
    }
}
