using LambdaSlim.Core.Closure;
using LambdaSlim.Core.Image;
using LambdaSlim.Core.Publishing;
using LambdaSlim.Core.Tests.Support;

namespace LambdaSlim.Core.Tests.Image;

/// <summary>
/// Stages function folders the way LambdaPublishArchitectures does (lambda/&lt;arch&gt;/bootstrap + a symbol file)
/// from real compiled C programs, and builds images from them with the real core.
/// </summary>
public static class ImageFixture
{
    public static ArchitectureInput Stage(string root, LambdaArchitecture architecture, string program, BaseImage? baseImage = null, Sysroot? sysroot = null)
    {
        var folder = Directory.CreateDirectory(Path.Combine(root, architecture.Name)).FullName;
        var bootstrap = Path.Combine(folder, "bootstrap");
        File.Copy(program, bootstrap, overwrite: true);
        File.WriteAllText(Path.Combine(folder, "bootstrap.dbg"), "debug symbols never go in the image");
        return new ArchitectureInput(architecture, folder, bootstrap, "Aot", sysroot, baseImage ?? new BaseImage.Closure(), []);
    }

    public static ImageBuildOptions Options(string root, params ArchitectureInput[] inputs) => new()
    {
        Architectures = inputs,
        LayoutDirectory = Path.Combine(root, "lambda", "image"),
        ArchivePath = Path.Combine(root, "lambda", "image.tar"),
        ReportDirectory = Path.Combine(root, "lambda"),
        CacheDirectory = Path.Combine(root, "obj", "layers"),
        Repository = "hello",
        FunctionName = "hello",
    };

    public static ImageBuildOptions BothArchitectures(string root, NativePrograms programs) =>
        Options(root, Stage(root, LambdaArchitecture.X86_64, programs.HelloX64), Stage(root, LambdaArchitecture.Arm64, programs.HelloArm64));
}
