using LambdaSlim.Core.Publishing;

namespace LambdaSlim.Core.Tests.Publishing;

/// <summary>
/// The toolchain finder over folders shaped like a Debian root, with exactly the files each package installs, so
/// every missing package is named; plus one check against this machine, which eng/install-prereqs.sh set up.
/// </summary>
public sealed class NativeToolchainTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("lambdaslim-toolchain-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Touch(params string[] paths)
    {
        foreach (var path in paths)
        {
            var full = Path.Combine(_root, path.TrimStart('/'));
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, "");
        }
    }

    private void InstallHostToolchain() => Touch("/usr/bin/clang", "/usr/bin/ld", "/usr/bin/llvm-objcopy",
        "/usr/lib/x86_64-linux-gnu/Scrt1.o", "/usr/lib/x86_64-linux-gnu/crti.o",
        "/usr/lib/gcc/x86_64-linux-gnu/12/libgcc.a", "/usr/lib/gcc/x86_64-linux-gnu/12/crtbeginS.o");

    private void InstallArm64Cross() => Touch("/usr/bin/aarch64-linux-gnu-ld",
        "/usr/aarch64-linux-gnu/lib/Scrt1.o", "/usr/aarch64-linux-gnu/lib/crti.o",
        "/usr/lib/gcc-cross/aarch64-linux-gnu/12/libgcc.a", "/usr/lib/gcc-cross/aarch64-linux-gnu/12/crtbeginS.o");

    private IReadOnlyList<string> MissingPackages(LambdaArchitecture target, bool strip = true, string linker = "") =>
        new NativeToolchain(_root, ["/usr/bin"]).FindMissing(target, LambdaArchitecture.X86_64, strip, linker)
            .Select(m => m.DebianPackage).ToList();

    [Fact]
    public void A_complete_machine_misses_nothing_for_either_architecture()
    {
        InstallHostToolchain();
        InstallArm64Cross();
        Assert.Empty(MissingPackages(LambdaArchitecture.X86_64));
        Assert.Empty(MissingPackages(LambdaArchitecture.Arm64));
    }

    [Fact]
    public void An_empty_machine_names_every_package_for_arm64()
    {
        Assert.Equal(["clang", "binutils-aarch64-linux-gnu", "libc6-dev-arm64-cross", "libgcc-12-dev-arm64-cross", "llvm"],
            MissingPackages(LambdaArchitecture.Arm64));
    }

    [Fact]
    public void An_empty_machine_names_every_package_for_x86_64()
    {
        Assert.Equal(["clang", "binutils", "libc6-dev", "libgcc-12-dev", "llvm"], MissingPackages(LambdaArchitecture.X86_64));
    }

    [Fact]
    public void Each_missing_arm64_part_is_named_alone()
    {
        InstallHostToolchain();
        Touch("/usr/aarch64-linux-gnu/lib/Scrt1.o", "/usr/aarch64-linux-gnu/lib/crti.o");
        Assert.Equal(["binutils-aarch64-linux-gnu", "libgcc-12-dev-arm64-cross"], MissingPackages(LambdaArchitecture.Arm64));
    }

    [Fact]
    public void Gcc_alone_builds_for_the_host_but_cannot_cross_compile()
    {
        InstallHostToolchain();
        InstallArm64Cross();
        File.Delete(Path.Combine(_root, "usr/bin/clang"));
        Touch("/usr/bin/gcc");
        Assert.Empty(MissingPackages(LambdaArchitecture.X86_64));
        Assert.Equal(["clang"], MissingPackages(LambdaArchitecture.Arm64));
    }

    [Fact]
    public void Lld_replaces_the_cross_linker_and_objcopy_is_only_needed_when_stripping()
    {
        InstallHostToolchain();
        InstallArm64Cross();
        File.Delete(Path.Combine(_root, "usr/bin/aarch64-linux-gnu-ld"));
        File.Delete(Path.Combine(_root, "usr/bin/llvm-objcopy"));
        Assert.Equal(["lld", "llvm"], MissingPackages(LambdaArchitecture.Arm64, strip: true, linker: "lld"));
        Touch("/usr/bin/ld.lld");
        Assert.Empty(MissingPackages(LambdaArchitecture.Arm64, strip: false, linker: "lld"));
    }

    [Fact]
    public void The_error_names_the_architecture_the_packages_and_the_install_command()
    {
        var error = NativeToolchain.ToError(LambdaArchitecture.Arm64, new NativeToolchain(_root, ["/usr/bin"])
            .FindMissing(LambdaArchitecture.Arm64, LambdaArchitecture.X86_64, true, ""));
        Assert.Equal("LSLIM1010", error.Code);
        Assert.Contains("NativeAOT for arm64", error.Message);
        Assert.Contains("apt-get install -y clang binutils-aarch64-linux-gnu libc6-dev-arm64-cross libgcc-12-dev-arm64-cross llvm", error.Message);
        Assert.Contains("LambdaPublishMode=Trimmed", error.Message);
    }

    [Fact]
    public void This_machine_has_everything_install_prereqs_installs()
    {
        var machine = NativeToolchain.ForThisMachine();
        Assert.Empty(machine.FindMissing(LambdaArchitecture.X86_64, LambdaArchitecture.X86_64, true, ""));
        Assert.Empty(machine.FindMissing(LambdaArchitecture.Arm64, LambdaArchitecture.X86_64, true, ""));
    }
}
