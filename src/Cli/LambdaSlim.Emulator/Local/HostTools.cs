using LambdaSlim.Core;
using LambdaSlim.Core.Publishing;

namespace LambdaSlim.Emulator.Local;

/// <summary>The host programs a local run may need, found on PATH, with the Debian package to install when missing.</summary>
public static class HostTools
{
    /// <summary>
    /// The root qemu reads an aarch64 program's loader and libraries from (<c>-L</c>): the build machine itself when
    /// Debian's arm64 glibc is installed through multiarch (the loader then finds its own libc in
    /// /lib/aarch64-linux-gnu), else Debian's cross libc (libc6-arm64-cross). Never the cross root beside a multiarch
    /// install: its loader would search /lib/aarch64-linux-gnu first and pair itself with the other build's libc,
    /// which hangs the process.
    /// </summary>
    public static string Arm64LibraryRoot => File.Exists("/lib/ld-linux-aarch64.so.1") ? "/" : "/usr/aarch64-linux-gnu";

    public static string? Find(string program)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    public static string Bubblewrap() => Find("bwrap")
        ?? throw new LambdaSlimException(LocalErrorCodes.SandboxToolMissing,
            "bwrap (bubblewrap) is not installed, and it runs the image's root filesystem in a sandbox. " +
            "Install it (Debian/Ubuntu: sudo apt-get install bubblewrap), or pass --no-sandbox (MSBuild: -p:LambdaInvokeSandbox=false) to run the entrypoint " +
            "directly on this machine (it then uses the host's libraries, not the image's).");

    /// <summary>The user-mode emulator for <paramref name="architecture"/> when this machine cannot run it natively, else null.</summary>
    public static string? EmulatorFor(LambdaArchitecture architecture)
    {
        if (architecture == LambdaArchitecture.Host)
        {
            return null;
        }
        var program = architecture == LambdaArchitecture.Arm64 ? "qemu-aarch64-static" : "qemu-x86_64-static";
        return Find(program)
            ?? throw new LambdaSlimException(LocalErrorCodes.EmulationToolMissing,
                $"{program} is not installed, and this {LambdaArchitecture.Host?.Name ?? "machine"} host needs it to run {architecture.Name} code. " +
                "Install it (Debian/Ubuntu: sudo apt-get install qemu-user-static), or run the image for this machine's " +
                $"architecture with --arch {LambdaArchitecture.Host?.Name ?? "x86_64"}.");
    }
}
