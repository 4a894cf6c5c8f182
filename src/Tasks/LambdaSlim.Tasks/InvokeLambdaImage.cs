using LambdaSlim.Core;
using LambdaSlim.Core.Publishing;
using LambdaSlim.Emulator;
using LambdaSlim.Emulator.Local;
using Microsoft.Build.Framework;

namespace LambdaSlim.Tasks;

/// <summary>
/// Invokes the freshly published function once per architecture with an event file and prints the answer: from the
/// OCI image layout when the image was built (sandboxed like <c>lambdaslim invoke</c>), else from the staged bootstrap.
/// A function error fails the build with LSLIM5108.
/// </summary>
public sealed class InvokeLambdaImage : LambdaSlimTask
{
    /// <summary>@(LambdaArchitectureOutput): Architecture and Bootstrap metadata.</summary>
    [Required] public ITaskItem[] Architectures { get; set; } = [];

    /// <summary>The OCI image layout folder; when it has no index.json the staged bootstrap files are invoked instead.</summary>
    public string ImageDirectory { get; set; } = "";

    [Required] public string EventFile { get; set; } = "";

    public int TimeoutSeconds { get; set; } = 30;

    public bool Sandbox { get; set; } = true;

    protected override void ExecuteCore()
    {
        if (!File.Exists(EventFile))
        {
            throw new LambdaSlimException(LocalErrorCodes.InvalidArgument,
                $"LambdaInvokeEvent '{EventFile}' does not exist. Set it to a JSON event file (relative to the project folder).");
        }
        var payload = File.ReadAllBytes(EventFile);
        var useImage = OciLayoutImage.IsLayout(ImageDirectory);
        foreach (var item in Architectures)
        {
            var name = item.GetMetadata("Architecture");
            var architecture = LambdaArchitecture.FromName(name)
                ?? throw new LambdaSlimException(LocalErrorCodes.InvalidArgument, $"LambdaArchitectureOutput '{item.ItemSpec}' has Architecture '{name}'; expected x86_64 or arm64.");
            var function = LocalFunction.Prepare(useImage ? ImageDirectory : item.GetMetadata("Bootstrap"),
                new LocalRunOptions { Architecture = architecture, Sandbox = Sandbox });
            LogHigh($"LambdaSlim: invoking {function.Description} with {EventFile}");
            var result = Invoke(function, payload, name).GetAwaiter().GetResult();
            if (result.Status == InvocationStatus.Success)
            {
                LogHigh($"LambdaSlim: {name,-6} response ({result.Duration.TotalMilliseconds:0} ms): {result.PayloadText}");
            }
            else
            {
                LogError(LocalErrorCodes.FunctionFailed,
                    $"The {name} function failed ({result.Status}, errorType {result.ErrorType ?? "none"}): {result.ErrorDocumentText}. Its logs are above; fix the handler or the event.");
            }
        }
    }

    private async Task<InvocationResult> Invoke(LocalFunction function, byte[] payload, string name)
    {
        var options = function.ToEmulatorOptions(new Dictionary<string, string>(), TimeSpan.FromSeconds(TimeoutSeconds),
            line => LogHigh($"  [{name}] {line.Text}"));
        await using var emulator = new LambdaEmulator(options);
        return await emulator.InvokeAsync(payload);
    }
}
