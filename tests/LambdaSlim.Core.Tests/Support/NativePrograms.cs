namespace LambdaSlim.Core.Tests.Support;

/// <summary>
/// Real ELF programs compiled once per test run with the installed toolchains: dynamically linked C programs for
/// x86_64 (gcc) and aarch64 (aarch64-linux-gnu-gcc), one that also needs libm, one static, a shared library;
/// programs that link .NET's own OpenSSL shim or ICU loader from the NativeAOT runtime pack, as a NativeAOT bootstrap
/// that uses TLS or culture data does (run with an argument they load OpenSSL or ICU: exit 0, or fail when the
/// library is missing); and programs that ask glibc for <c>localhost</c> and for a zone's UTC offsets.
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

        OpenSslShimX64 = Compile("gcc", "openssl-shim-x64", OpenSslShimUser, PackArchive("linux-x64", OpenSslShim));
        OpenSslShimArm64 = Compile("aarch64-linux-gnu-gcc", "openssl-shim-arm64", OpenSslShimUser, PackArchive("linux-arm64", OpenSslShim));
        IcuLoaderX64 = Compile("gcc", "icu-loader-x64", IcuLoaderUser, PackArchive("linux-x64", IcuLoader));
        IcuLoaderArm64 = Compile("aarch64-linux-gnu-gcc", "icu-loader-arm64", IcuLoaderUser, PackArchive("linux-arm64", IcuLoader));
        LocalhostX64 = Compile("gcc", "localhost-x64", LocalhostLookup);
        LocalhostArm64 = Compile("aarch64-linux-gnu-gcc", "localhost-arm64", LocalhostLookup);
        ZoneOffsetsX64 = Compile("gcc", "zone-offsets-x64", ZoneOffsets);
        ZoneOffsetsArm64 = Compile("aarch64-linux-gnu-gcc", "zone-offsets-arm64", ZoneOffsets);
    }

    private const string OpenSslShim = "libSystem.Security.Cryptography.Native.OpenSsl.a";
    private const string IcuLoader = "libSystem.Globalization.Native.a";

    private const string OpenSslShimUser =
        "#include <stdio.h>\nint CryptoNative_EnsureOpenSslInitialized(void);\n" +
        "int main(int argc,char**argv){if(argc>1)return CryptoNative_EnsureOpenSslInitialized();puts(\"hello from the shim\");return 0;}\n";

    private const string IcuLoaderUser =
        "#include <stdio.h>\nint GlobalizationNative_LoadICU(void);\nint GlobalizationNative_GetICUVersion(void);\n" +
        "int main(int argc,char**argv){if(argc<2){puts(\"hello from the ICU loader\");return 0;}\n" +
        "int ok=GlobalizationNative_LoadICU();if(ok)printf(\"ICU %d\\n\",GlobalizationNative_GetICUVersion()>>24);return ok?0:1;}\n";

    /// <summary>Prints every address glibc's resolver gives for <c>localhost</c>, one per line.</summary>
    private const string LocalhostLookup =
        "#include <stdio.h>\n#include <netdb.h>\n#include <arpa/inet.h>\n#include <string.h>\n" +
        "int main(void){struct addrinfo h,*r,*p;memset(&h,0,sizeof h);h.ai_socktype=SOCK_STREAM;\n" +
        "int e=getaddrinfo(\"localhost\",NULL,&h,&r);if(e){printf(\"error: %s\\n\",gai_strerror(e));return 1;}\n" +
        "for(p=r;p;p=p->ai_next){char b[64];void*a=p->ai_family==AF_INET?(void*)&((struct sockaddr_in*)p->ai_addr)->sin_addr:(void*)&((struct sockaddr_in6*)p->ai_addr)->sin6_addr;\n" +
        "printf(\"%s\\n\",inet_ntop(p->ai_family,a,b,sizeof b));}return 0;}\n";

    /// <summary>Prints the UTC offset and zone abbreviation of $TZ on 2024-01-15 and 2024-07-15 (glibc reads /usr/share/zoneinfo).</summary>
    private const string ZoneOffsets =
        "#include <stdio.h>\n#include <time.h>\n" +
        "int main(void){time_t t[]={1705320000,1721044800};tzset();for(int i=0;i<2;i++){struct tm m;char b[32];localtime_r(&t[i],&m);\n" +
        "strftime(b,sizeof b,\"%z %Z\",&m);puts(b);}return 0;}\n";

    /// <summary>A static archive of the NativeAOT runtime pack the test project downloads (its csproj), which NativeAOT links into bootstrap.</summary>
    private static string PackArchive(string runtimeIdentifier, string archiveName)
    {
        var packs = typeof(NativePrograms).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "NativeAotPacks").Value!.Split('|');
        var archive = Path.Combine(packs[0], $"microsoft.netcore.app.runtime.nativeaot.{runtimeIdentifier}", packs[1],
            "runtimes", runtimeIdentifier, "native", archiveName);
        return File.Exists(archive) ? archive : throw new FileNotFoundException("Restore the test project: it downloads the NativeAOT runtime pack.", archive);
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
    public string OpenSslShimX64 { get; }
    public string OpenSslShimArm64 { get; }
    public string IcuLoaderX64 { get; }
    public string IcuLoaderArm64 { get; }
    public string LocalhostX64 { get; }
    public string LocalhostArm64 { get; }
    public string ZoneOffsetsX64 { get; }
    public string ZoneOffsetsArm64 { get; }

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
