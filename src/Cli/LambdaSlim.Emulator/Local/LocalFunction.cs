using LambdaSlim.Core;
using LambdaSlim.Core.Elf;
using LambdaSlim.Core.Oci;
using LambdaSlim.Core.Publishing;

namespace LambdaSlim.Emulator.Local;

/// <summary>
/// A function ready to run on this machine from what a publish produced: an OCI image layout folder, an OCI archive
/// (<c>image.tar</c>) or a bare <c>bootstrap</c> executable. For an image, the root filesystem is unpacked once into
/// the cache and the config's Entrypoint + Cmd run inside <c>bwrap</c> (read-only root, writable /tmp, uid 993, the host's
/// loopback shared so the function reaches the emulator on 127.0.0.1); an image for another architecture runs through
/// a qemu user-mode emulator bound into the sandbox. <see cref="ToEmulatorOptions"/> hands it to <see cref="LambdaEmulator"/>.
/// </summary>
public sealed record LocalFunction(
    FunctionCommand Command,
    LambdaArchitecture Architecture,
    string TaskRoot,
    IReadOnlyDictionary<string, string> ImageEnvironment,
    string Description)
{
    /// <summary>The uid and gid Lambda runs functions as; the sandbox runs them as the same.</summary>
    public const string LambdaUserId = "993", LambdaGroupId = "990";

    /// <summary>True when this run unpacked the root filesystem (false when it came from the cache or there is none).</summary>
    public bool Unpacked { get; init; }

    public static LocalFunction Prepare(string image, LocalRunOptions options)
    {
        var path = Path.GetFullPath(image);
        var cacheRoot = options.CacheRoot ?? LocalCache.DefaultRoot();
        if (Directory.Exists(path))
        {
            return FromLayout(OciLayoutImage.Open(path), path, options, cacheRoot);
        }
        if (!File.Exists(path))
        {
            throw new LambdaSlimException(LocalErrorCodes.ImageNotFound,
                $"'{image}' does not exist. Pass an OCI image layout folder (bin/<Configuration>/lambda/image/), an image.tar or a bootstrap file.");
        }
        if (ElfReader.HasElfMagic(path))
        {
            return FromBootstrap(path, options);
        }
        if (OciArchive.IsTar(path))
        {
            var layout = OciArchive.Extract(path, cacheRoot);
            return FromLayout(OciLayoutImage.Open(layout), path, options, cacheRoot);
        }
        throw new LambdaSlimException(LocalErrorCodes.ImageNotFound,
            $"'{image}' is neither an OCI image layout folder, an OCI archive (tar) nor an ELF executable. " +
            "Pass bin/<Configuration>/lambda/image/, bin/<Configuration>/lambda/image.tar or a bootstrap file.");
    }

    /// <summary>
    /// Emulator options for this function: the image's Env first, then <paramref name="environment"/> (the user's),
    /// as Lambda layers function configuration over the image.
    /// </summary>
    public EmulatorOptions ToEmulatorOptions(IReadOnlyDictionary<string, string> environment, TimeSpan timeout,
        Action<FunctionOutputLine>? output)
    {
        var merged = new Dictionary<string, string>(ImageEnvironment, StringComparer.Ordinal);
        foreach (var (name, value) in environment)
        {
            merged[name] = value;
        }
        return new EmulatorOptions
        {
            Command = Command,
            TaskRoot = TaskRoot,
            Environment = merged,
            Timeout = timeout,
            // qemu makes a start several times slower; Lambda's own 10 s init limit stays the bar for native runs.
            InitTimeout = TimeSpan.FromSeconds(Architecture == LambdaArchitecture.Host ? 10 : 30),
            Output = output,
        };
    }

    private static LocalFunction FromBootstrap(string path, LocalRunOptions options)
    {
        var machine = ElfReader.Read(path).Machine;
        var architecture = machine switch
        {
            ElfMachine.X86_64 => LambdaArchitecture.X86_64,
            ElfMachine.AArch64 => LambdaArchitecture.Arm64,
            _ => throw new LambdaSlimException(LocalErrorCodes.ImageNotFound,
                $"'{path}' is an ELF file for {ElfMachine.Describe(machine)}; Lambda runs only x86_64 and arm64. Pass a bootstrap built for linux-x64 or linux-arm64."),
        };
        if (options.Architecture is { } wanted && wanted != architecture)
        {
            throw new LambdaSlimException(LocalErrorCodes.ArchitectureNotInImage,
                $"'{path}' is built for {architecture.Name}, not {wanted.Name}. Drop --arch (a bootstrap file runs as what it is) or pass the {wanted.Name} bootstrap.");
        }
        var directory = Path.GetDirectoryName(path)!;
        var command = HostTools.EmulatorFor(architecture) is { } qemu
            // A dynamically linked binary needs its loader and libc: HostTools.Arm64LibraryRoot says where they are.
            ? new FunctionCommand(qemu, ["-L", architecture == LambdaArchitecture.Arm64 ? HostTools.Arm64LibraryRoot : "/", path], directory)
            : new FunctionCommand(path, [], directory);
        return new LocalFunction(command, architecture, directory, new Dictionary<string, string>(), $"{path} ({architecture.Name}, on the host)");
    }

    private static LocalFunction FromLayout(OciLayoutImage layout, string source, LocalRunOptions options, string cacheRoot)
    {
        var architecture = options.Architecture ?? LambdaArchitecture.Host
            ?? throw new LambdaSlimException(LocalErrorCodes.InvalidArgument, "This machine is neither x86_64 nor arm64: pass --arch.");
        var manifest = layout.Select(architecture);
        var config = manifest.Config.Config;
        var argv = (config.Entrypoint ?? []).Concat(config.Cmd ?? []).ToList();
        if (argv.Count == 0)
        {
            throw new LambdaSlimException(LocalErrorCodes.NoEntrypoint,
                $"The {architecture.Name} image in '{source}' has no Entrypoint or Cmd, so there is nothing to run. " +
                "Publish it with the LambdaSlim SDK (Entrypoint /var/task/bootstrap) or set ENTRYPOINT.");
        }
        var rootfs = RootfsCache.GetOrUnpack(layout, manifest, cacheRoot, out var unpacked);
        var environment = ParseEnvironment(config.Env);
        var workingDirectory = string.IsNullOrEmpty(config.WorkingDir) ? "/" : config.WorkingDir;
        var taskRoot = environment.GetValueOrDefault("LAMBDA_TASK_ROOT", "/var/task");
        var qemu = HostTools.EmulatorFor(architecture);
        var description = $"{source} {architecture.Name} {manifest.Digest[..19]}…";

        if (!options.Sandbox)
        {
            // Paths of the image now live under the rootfs folder on the host; the binary uses the host's libraries.
            var program = InRoot(rootfs, argv[0]);
            var hostTaskRoot = InRoot(rootfs, taskRoot);
            environment["LAMBDA_TASK_ROOT"] = hostTaskRoot;
            var direct = qemu is null
                ? new FunctionCommand(program, argv.Skip(1).ToList(), InRoot(rootfs, workingDirectory))
                : new FunctionCommand(qemu, ["-L", architecture == LambdaArchitecture.Arm64 ? HostTools.Arm64LibraryRoot : "/", program, .. argv.Skip(1)],
                    InRoot(rootfs, workingDirectory));
            return new LocalFunction(direct, architecture, hostTaskRoot, environment, description + " (no sandbox)") { Unpacked = unpacked };
        }

        var bwrap = HostTools.Bubblewrap();
        List<string> arguments =
        [
            // No --die-with-parent: it is PR_SET_PDEATHSIG, which fires when the *thread* that started bwrap exits,
            // and .NET starts processes from thread-pool threads that the pool retires at will, so the sandbox would
            // be SIGKILLed mid-run. The emulator kills the whole process tree when it stops instead.
            "--unshare-all", "--share-net",
            // As Lambda runs a function: an unprivileged user (Lambda's sbx_user1051 is uid 993, gid 990), whatever
            // user the image names, so a function that only works as root fails here first.
            "--unshare-user", "--uid", LambdaUserId, "--gid", LambdaGroupId,
            "--ro-bind", rootfs, "/",
            "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp",
        ];
        if (qemu is not null)
        {
            var inside = "/" + Path.GetFileName(qemu);
            EnsureFileMountPoint(Path.Combine(rootfs, Path.GetFileName(qemu)));
            arguments.AddRange(["--ro-bind", qemu, inside]);
            argv.Insert(0, inside);
        }
        arguments.AddRange(["--chdir", workingDirectory, "--"]);
        arguments.AddRange(argv);
        return new LocalFunction(new FunctionCommand(bwrap, arguments, rootfs), architecture, taskRoot, environment, description)
        {
            Unpacked = unpacked,
        };
    }

    private static string InRoot(string rootfs, string imagePath) =>
        Path.Combine([rootfs, .. imagePath.Split('/', StringSplitOptions.RemoveEmptyEntries)]);

    /// <summary>bwrap cannot create a bind target inside a read-only root, so the (empty) file is made in the cached rootfs.</summary>
    private static void EnsureFileMountPoint(string path)
    {
        if (!Path.Exists(path))
        {
            using var _ = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write);
        }
    }

    private static Dictionary<string, string> ParseEnvironment(IReadOnlyList<string> env)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in env)
        {
            var equals = entry.IndexOf('=');
            if (equals > 0)
            {
                result[entry[..equals]] = entry[(equals + 1)..];
            }
        }
        return result;
    }
}
