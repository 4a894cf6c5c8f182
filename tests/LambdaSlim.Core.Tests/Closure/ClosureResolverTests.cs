using LambdaSlim.Core.Closure;
using LambdaSlim.Core.Publishing;
using LambdaSlim.Core.Tests.Support;

namespace LambdaSlim.Core.Tests.Closure;

[Collection(NativeProgramsCollection.Name)]
public sealed class ClosureResolverTests(NativePrograms programs)
{
    private static ClosureResult Resolve(LambdaArchitecture architecture, string bootstrap, IReadOnlyList<string>? appFiles = null, Sysroot? sysroot = null) =>
        ClosureResolver.Resolve(new ClosureRequest(architecture, sysroot ?? Sysroot.Default(architecture), bootstrap, appFiles ?? [], []));

    [Fact]
    public void X86_64_hello_needs_only_libc_and_the_loader_at_its_interp_path()
    {
        var closure = Resolve(LambdaArchitecture.X86_64, programs.HelloX64);

        Assert.Equal("/lib64/ld-linux-x86-64.so.2", closure.Interpreter);
        Assert.Equal(["/lib/x86_64-linux-gnu/libc.so.6", "/lib64/ld-linux-x86-64.so.2"], closure.Files.Select(f => f.ImagePath));
        var loader = closure.Files.Single(f => f.ImagePath == "/lib64/ld-linux-x86-64.so.2");
        // /lib64/ld-linux-x86-64.so.2 is a symlink on the host: the real file is what gets copied.
        Assert.Null(File.ResolveLinkTarget(loader.SourcePath, returnFinalTarget: false));
        Assert.Equal(new FileInfo(loader.SourcePath).Length, loader.Size);
        Assert.Equal("interpreter", loader.Reason);
        Assert.Equal("needed by hello-x64", closure.Files[0].Reason);
        Assert.Equal(["ld-linux-x86-64.so.2", "libc.so.6"], closure.SatisfiedNames.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Arm64_closure_comes_from_debians_arm64_glibc_at_debian_arm64_paths()
    {
        var closure = Resolve(LambdaArchitecture.Arm64, programs.MathArm64);

        Assert.Equal("/lib/ld-linux-aarch64.so.1", closure.Interpreter);
        Assert.Equal(["/lib/aarch64-linux-gnu/libc.so.6", "/lib/aarch64-linux-gnu/libm.so.6", "/lib/ld-linux-aarch64.so.1"],
            closure.Files.Select(f => f.ImagePath));
        // The prerequisites install Debian's arm64 glibc through multiarch; it wins over the cross toolchain's copy,
        // so the loader and libc come from one build.
        Assert.All(closure.Files, f => Assert.StartsWith("/lib/aarch64-linux-gnu/", f.SourcePath));
    }

    [Fact]
    public void Without_a_multiarch_glibc_the_cross_packages_serve_arm64()
    {
        var cross = new Sysroot("the cross libraries", LambdaArchitecture.Arm64, [new SysrootDirectory("/usr/aarch64-linux-gnu/lib", "/lib/aarch64-linux-gnu")]);

        var closure = Resolve(LambdaArchitecture.Arm64, programs.MathArm64, sysroot: cross);

        Assert.Equal(["/lib/aarch64-linux-gnu/libc.so.6", "/lib/aarch64-linux-gnu/libm.so.6", "/lib/ld-linux-aarch64.so.1"],
            closure.Files.Select(f => f.ImagePath));
        Assert.All(closure.Files, f => Assert.StartsWith("/usr/aarch64-linux-gnu/lib/", f.SourcePath));
    }

    [Fact]
    public void Missing_library_names_the_library_and_the_sysroot()
    {
        var error = Assert.Throws<LambdaSlimException>(() => Resolve(LambdaArchitecture.X86_64, programs.UsesGreetX64));

        Assert.Equal("LSLIM2010", error.Code);
        Assert.Contains("libgreet.so.1", error.Message);
        Assert.Contains("/lib/x86_64-linux-gnu", error.Message);
    }

    [Fact]
    public void A_library_shipped_in_the_app_folder_satisfies_its_name_and_its_own_needs_are_resolved()
    {
        var closure = Resolve(LambdaArchitecture.X86_64, programs.UsesGreetX64, appFiles: [programs.LibGreetX64]);

        Assert.DoesNotContain(closure.Files, f => f.ImagePath.Contains("libgreet", StringComparison.Ordinal));
        Assert.Contains(closure.Files, f => f.ImagePath == "/lib/x86_64-linux-gnu/libc.so.6");
    }

    [Fact]
    public void A_self_contained_runtime_folder_brings_the_cxx_runtime_but_not_lttng()
    {
        // The shared runtime this test runs on has the same native libraries a Trimmed (self-contained) app ships.
        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var natives = Directory.GetFiles(runtime, "*.so");
        Assert.Contains(natives, n => n.EndsWith("libcoreclrtraceptprovider.so", StringComparison.Ordinal));

        var closure = Resolve(LambdaArchitecture.X86_64, programs.HelloX64, appFiles: natives);
        var names = closure.Files.Select(f => Path.GetFileName(f.ImagePath)).ToList();

        Assert.Contains("libstdc++.so.6", names);
        Assert.Contains("libgcc_s.so.1", names);
        Assert.Contains("libm.so.6", names);
        Assert.DoesNotContain(names, n => n.Contains("lttng", StringComparison.Ordinal));
        Assert.DoesNotContain(names, n => n.StartsWith("libcoreclr", StringComparison.Ordinal)); // shipped in the app layer
    }

    [Fact]
    public void Wrong_architecture_bootstrap_is_rejected()
    {
        var error = Assert.Throws<LambdaSlimException>(() => Resolve(LambdaArchitecture.X86_64, programs.HelloArm64));

        Assert.Equal("LSLIM2003", error.Code);
        Assert.Contains("linux-x64", error.Message);
    }

    [Fact]
    public void Static_bootstrap_has_an_empty_closure()
    {
        var closure = Resolve(LambdaArchitecture.X86_64, programs.StaticX64);

        Assert.Null(closure.Interpreter);
        Assert.Empty(closure.Files);
    }

    [Fact]
    public void A_user_sysroot_is_searched_in_its_multiarch_and_flat_folders()
    {
        using var temp = new TempDirectory();
        var lib = Directory.CreateDirectory(temp.Combine("usr", "lib")).FullName;
        foreach (var name in new[] { "libc.so.6", "ld-linux-aarch64.so.1" })
        {
            File.Copy(Path.Combine("/usr/aarch64-linux-gnu/lib", name), Path.Combine(lib, name));
        }

        var closure = Resolve(LambdaArchitecture.Arm64, programs.HelloArm64, sysroot: Sysroot.FromRoot(temp.Path, LambdaArchitecture.Arm64));

        Assert.Equal(["/lib/ld-linux-aarch64.so.1", "/usr/lib/aarch64-linux-gnu/libc.so.6"], closure.Files.Select(f => f.ImagePath));
        Assert.All(closure.Files, f => Assert.StartsWith(temp.Path, f.SourcePath));
    }

    [Fact]
    public void A_sysroot_that_does_not_exist_is_a_coded_error()
    {
        var error = Assert.Throws<LambdaSlimException>(() => Sysroot.FromRoot("/nonexistent/sysroot", LambdaArchitecture.Arm64));

        Assert.Equal("LSLIM2011", error.Code);
        Assert.Contains("LambdaSysroot_arm64", error.Message);
    }

    [Fact]
    public void Missing_bootstrap_is_a_coded_error()
    {
        Assert.Equal("LSLIM2014", Assert.Throws<LambdaSlimException>(() => Resolve(LambdaArchitecture.X86_64, "/nonexistent/bootstrap")).Code);
    }
}
