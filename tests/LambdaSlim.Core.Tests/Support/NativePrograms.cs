namespace LambdaSlim.Core.Tests.Support;

/// <summary>
/// Real ELF programs compiled once per test run with the installed toolchains: dynamically linked C programs for
/// x86_64 (gcc) and aarch64 (aarch64-linux-gnu-gcc), one that also needs libm, one static, and a shared library.
/// </summary>
public sealed class NativePrograms : IDisposable
{
    private readonly TempDirectory _directory = new("lslim-native-");

    public NativePrograms()
    {
        HelloX64 = Compile("gcc", "hello-x64", Hello("x86_64"));
        HelloArm64 = Compile("aarch64-linux-gnu-gcc", "hello-arm64", Hello("arm64"));
        OtherX64 = Compile("gcc", "other-x64", "#include <stdio.h>\nint main(void){puts(\"another function\");return 0;}\n");
        OtherArm64 = Compile("aarch64-linux-gnu-gcc", "other-arm64", "#include <stdio.h>\nint main(void){puts(\"another function\");return 0;}\n");
        MathArm64 = Compile("aarch64-linux-gnu-gcc", "math-arm64",
            "#include <math.h>\n#include <stdio.h>\nint main(int c,char**v){printf(\"%f\\n\",cos((double)c));return 0;}\n", "-lm");
        StaticX64 = Compile("gcc", "static-x64", Hello("static"), "-static");
        RunPathArm64 = Compile("aarch64-linux-gnu-gcc", "runpath-arm64", Hello("runpath"), "-Wl,-rpath,$ORIGIN/lib", "-Wl,--enable-new-dtags");
        RPathArm64 = Compile("aarch64-linux-gnu-gcc", "rpath-arm64", Hello("rpath"), "-Wl,-rpath,/opt/a:/opt/b", "-Wl,--disable-new-dtags");

        // A shared library with a soname, and a program that needs it (for "missing library" and app-folder cases).
        var libSource = Path.Combine(_directory.Path, "greet.c");
        File.WriteAllText(libSource, "#include <stdio.h>\nvoid greet(void){puts(\"greet\");}\n");
        LibGreetX64 = Path.Combine(_directory.Path, "libgreet.so.1");
        ProcessRunner.Check("gcc", "-shared", "-fPIC", "-Wl,-soname,libgreet.so.1", "-o", LibGreetX64, libSource);
        var mainSource = Path.Combine(_directory.Path, "usegreet.c");
        File.WriteAllText(mainSource, "void greet(void);\nint main(void){greet();return 0;}\n");
        UsesGreetX64 = Path.Combine(_directory.Path, "usegreet-x64");
        ProcessRunner.Check("gcc", "-o", UsesGreetX64, mainSource, LibGreetX64);
    }

    public string HelloX64 { get; }
    public string HelloArm64 { get; }
    public string OtherX64 { get; }
    public string OtherArm64 { get; }
    public string MathArm64 { get; }
    public string StaticX64 { get; }
    public string RunPathArm64 { get; }
    public string RPathArm64 { get; }
    public string LibGreetX64 { get; }
    public string UsesGreetX64 { get; }

    public static string Hello(string name) => $"#include <stdio.h>\nint main(void){{puts(\"hello from {name}\");return 0;}}\n";

    private string Compile(string compiler, string name, string source, params string[] extra)
    {
        var sourcePath = Path.Combine(_directory.Path, name + ".c");
        File.WriteAllText(sourcePath, source);
        var output = Path.Combine(_directory.Path, name);
        ProcessRunner.Check(compiler, ["-O2", "-o", output, sourcePath, .. extra]);
        return output;
    }

    public void Dispose() => _directory.Dispose();
}

[CollectionDefinition(Name)]
public sealed class NativeProgramsCollection : ICollectionFixture<NativePrograms>
{
    public const string Name = "native programs";
}
