using LambdaSlim.Core.Closure;
using LambdaSlim.Core.Elf;
using LambdaSlim.Core.Layers;
using LambdaSlim.Core.Publishing;
using LambdaSlim.Core.Runtime;
using LambdaSlim.Core.Tests.Support;

namespace LambdaSlim.Core.Tests.Runtime;

[Collection(NativeProgramsCollection.Name)]
public sealed class RuntimePartResolverTests(NativePrograms programs)
{
    private static IReadOnlyList<ResolvedPart> Resolve(LambdaArchitecture architecture, string bootstrap, RuntimePartSettings? settings = null,
        Sysroot? sysroot = null, string? caBundle = "/etc/ssl/certs/ca-certificates.crt", IReadOnlyList<string>? extraCertificates = null)
    {
        sysroot ??= Sysroot.Default(architecture);
        var closure = ClosureResolver.Resolve(new ClosureRequest(architecture, sysroot, bootstrap, [], []));
        return RuntimePartResolver.Resolve(new RuntimePartRequest(sysroot, closure, RuntimeUsage.Detect(bootstrap, []),
            settings ?? new RuntimePartSettings(), caBundle, extraCertificates ?? []));
    }

    /// <summary>A root filesystem with only glibc and the loader of the build machine: what a sysroot without OpenSSL looks like.</summary>
    private static Sysroot GlibcOnly(TempDirectory temp, LambdaArchitecture architecture)
    {
        var triplet = Sysroot.TripletOf(architecture);
        var lib = Directory.CreateDirectory(temp.Combine("sysroot", "lib", triplet)).FullName;
        var source = architecture == LambdaArchitecture.Arm64 ? "/usr/aarch64-linux-gnu/lib" : $"/lib/{triplet}";
        foreach (var name in new[] { "libc.so.6", "libm.so.6", architecture == LambdaArchitecture.Arm64 ? "ld-linux-aarch64.so.1" : "ld-linux-x86-64.so.2" })
        {
            File.Copy(Path.Combine(source, name), Path.Combine(lib, name));
        }
        return Sysroot.FromRoot(temp.Combine("sysroot"), architecture);
    }

    [Fact]
    public void A_program_that_uses_no_part_gets_none_not_even_certificates()
    {
        Assert.Empty(Resolve(LambdaArchitecture.X86_64, programs.HelloX64));
    }

    [Fact]
    public void The_openssl_shim_brings_libssl_and_libcrypto_then_the_ca_bundle_on_x86_64()
    {
        var parts = Resolve(LambdaArchitecture.X86_64, programs.OpenSslShimX64);

        Assert.Equal(["openssl", "ca-certificates"], parts.Select(p => p.Part.Name));
        var openSsl = parts[0];
        Assert.Equal("openssl-shim-x64 contains .NET's OpenSSL shim", openSsl.Reason);
        Assert.Equal(["/lib/x86_64-linux-gnu/libssl.so.3", "/lib/x86_64-linux-gnu/libcrypto.so.3"], openSsl.Files.Select(f => f.ImagePath));
        Assert.All(openSsl.Files, f => Assert.Equal("TLS and hashing", f.Reason));
        Assert.All(openSsl.Files, f => Assert.Null(File.ResolveLinkTarget(f.SourcePath, returnFinalTarget: false)));
        // libc comes from the base layer, never twice.
        Assert.Equal(["lib/", "lib/x86_64-linux-gnu/", "lib/x86_64-linux-gnu/libcrypto.so.3", "lib/x86_64-linux-gnu/libssl.so.3"],
            openSsl.Layer.Entries.Select(e => e.Path.TrimStart('/') + (e.Kind == LayerEntryKind.Directory ? "/" : "")));
        var certificates = parts[1];
        Assert.Equal("/etc/ssl/certs/ca-certificates.crt", Assert.Single(certificates.Files).ImagePath);
        Assert.Equal(File.ReadAllBytes("/etc/ssl/certs/ca-certificates.crt"), certificates.Layer.Entries.Single(e => e.Kind == LayerEntryKind.File).Content);
    }

    [Fact]
    public void On_arm64_openssl_comes_from_debians_multiarch_packages()
    {
        var parts = Resolve(LambdaArchitecture.Arm64, programs.OpenSslShimArm64);

        // Debian 12 merges /lib into /usr/lib, so the multiarch folder is found as /lib/aarch64-linux-gnu first.
        Assert.Equal(["/lib/aarch64-linux-gnu/libssl.so.3", "/lib/aarch64-linux-gnu/libcrypto.so.3"], parts[0].Files.Select(f => f.ImagePath));
        Assert.All(parts[0].Files, f => Assert.Equal(ElfMachine.AArch64, ElfReader.Read(f.SourcePath).Machine));
        Assert.All(parts[0].Files, f => Assert.DoesNotContain("/usr/aarch64-linux-gnu/", f.SourcePath));
    }

    [Fact]
    public void A_sysroot_without_libssl_is_a_coded_error_that_names_the_file_the_user_and_the_package()
    {
        using var temp = new TempDirectory();

        var error = Assert.Throws<LambdaSlimException>(() => Resolve(LambdaArchitecture.X86_64, programs.OpenSslShimX64, sysroot: GlibcOnly(temp, LambdaArchitecture.X86_64)));

        Assert.Equal("LSLIM2061", error.Code);
        Assert.Contains("libssl.so.3", error.Message);
        Assert.Contains("openssl-shim-x64 contains .NET's OpenSSL shim", error.Message);
        Assert.Contains("aborts the process", error.Message);
        Assert.Contains("apt-get install libssl3", error.Message);
        Assert.Contains("LambdaSysroot_x86_64", error.Message);
        Assert.Contains(temp.Combine("sysroot"), error.Message);
    }

    [Fact]
    public void The_arm64_error_gives_the_multiarch_command()
    {
        using var temp = new TempDirectory();

        var error = Assert.Throws<LambdaSlimException>(() => Resolve(LambdaArchitecture.Arm64, programs.OpenSslShimArm64, sysroot: GlibcOnly(temp, LambdaArchitecture.Arm64)));

        Assert.Equal("LSLIM2061", error.Code);
        Assert.Contains("dpkg --add-architecture arm64 && apt-get update && apt-get install libssl3:arm64", error.Message);
    }

    [Fact]
    public void Modes_force_parts_in_and_out_whatever_the_binary_says()
    {
        var forcedOut = Resolve(LambdaArchitecture.X86_64, programs.OpenSslShimX64, new RuntimePartSettings { OpenSsl = RuntimePartMode.None });
        Assert.Empty(forcedOut);

        var forcedIn = Resolve(LambdaArchitecture.X86_64, programs.HelloX64, new RuntimePartSettings { OpenSsl = RuntimePartMode.Include, TimeZoneData = RuntimePartMode.Include });
        Assert.Equal(["openssl", "ca-certificates", "tzdata"], forcedIn.Select(p => p.Part.Name));
        Assert.Equal("LambdaOpenSsl=Include", forcedIn[0].Reason);

        var noCertificates = Resolve(LambdaArchitecture.X86_64, programs.OpenSslShimX64, caBundle: null);
        Assert.Equal(["openssl"], noCertificates.Select(p => p.Part.Name));

        Assert.Equal("LSLIM2060", Assert.Throws<LambdaSlimException>(() => RuntimePartModes.Parse("Sometimes", "LambdaOpenSsl")).Code);
        Assert.Equal(RuntimePartMode.Include, RuntimePartModes.Parse(" include ", "LambdaOpenSsl"));
        Assert.Equal(RuntimePartMode.Auto, RuntimePartModes.Parse("", "LambdaOpenSsl"));
    }

    [Fact]
    public void Icu_comes_with_its_cxx_runtime_on_both_architectures_from_the_default_prerequisites()
    {
        foreach (var (architecture, program, directory) in new[]
        {
            (LambdaArchitecture.X86_64, programs.IcuLoaderX64, "/lib/x86_64-linux-gnu"),
            (LambdaArchitecture.Arm64, programs.IcuLoaderArm64, "/lib/aarch64-linux-gnu"),
        })
        {
            var icu = Assert.Single(Resolve(architecture, program));

            Assert.Equal("icu", icu.Part.Name);
            var names = icu.Files.Select(f => Path.GetFileName(f.ImagePath)).ToList();
            Assert.Contains(names, n => n.StartsWith("libicuuc.so.", StringComparison.Ordinal));
            Assert.Contains(names, n => n.StartsWith("libicui18n.so.", StringComparison.Ordinal));
            Assert.Contains(names, n => n.StartsWith("libicudata.so.", StringComparison.Ordinal));
            Assert.Contains("libstdc++.so.6", names);
            Assert.Contains("libgcc_s.so.1", names);
            Assert.DoesNotContain("libc.so.6", names);
            Assert.Equal("ICU globalization", icu.Files.Single(f => f.ImagePath.Contains("libicuuc", StringComparison.Ordinal)).Reason);
            Assert.Equal($"{directory}/{names.First(n => n.StartsWith("libicuuc", StringComparison.Ordinal))}", icu.Files.First(f => f.ImagePath.Contains("libicuuc", StringComparison.Ordinal)).ImagePath);
        }
    }

    [Fact]
    public void Icu_missing_from_a_sysroot_names_the_package_and_the_invariant_way_out()
    {
        using var temp = new TempDirectory();

        var error = Assert.Throws<LambdaSlimException>(() => Resolve(LambdaArchitecture.Arm64, programs.IcuLoaderArm64, sysroot: GlibcOnly(temp, LambdaArchitecture.Arm64)));

        Assert.Equal("LSLIM2012", error.Code);
        Assert.Contains("libicuuc.so.N", error.Message);
        Assert.Contains("apt-get install libicu72:arm64", error.Message);
        Assert.Contains("LambdaGlobalization=Invariant", error.Message);
        Assert.DoesNotContain("dpkg-deb", error.Message);
    }

    [Fact]
    public void Gssapi_is_never_automatic_and_comes_with_kerberos_when_included()
    {
        var parts = Resolve(LambdaArchitecture.X86_64, programs.HelloX64, new RuntimePartSettings { GssApi = RuntimePartMode.Include });

        var gssapi = Assert.Single(parts);
        var names = gssapi.Files.Select(f => Path.GetFileName(f.ImagePath)).ToList();
        Assert.Equal("libgssapi_krb5.so.2", names[0]);
        Assert.Contains("libkrb5.so.3", names);
        Assert.Contains("libk5crypto.so.3", names);
        Assert.Equal("needed by libgssapi_krb5.so.2", gssapi.Files.Single(f => f.ImagePath.EndsWith("/libkrb5.so.3", StringComparison.Ordinal)).Reason);
    }

    [Fact]
    public void Time_zone_data_is_every_zone_and_link_without_the_variants_net_never_reads()
    {
        var tzdata = Assert.Single(Resolve(LambdaArchitecture.Arm64, programs.HelloArm64, new RuntimePartSettings { TimeZoneData = RuntimePartMode.Include }));
        var entries = tzdata.Layer.Entries.ToDictionary(e => e.Path);

        Assert.Equal(LayerEntryKind.File, entries["/usr/share/zoneinfo/Europe/Berlin"].Kind);
        Assert.Equal(LayerEntryKind.File, entries["/usr/share/zoneinfo/zone.tab"].Kind);
        var eastern = entries["/usr/share/zoneinfo/US/Eastern"];
        Assert.Equal(LayerEntryKind.SymbolicLink, eastern.Kind);
        Assert.Equal("../America/New_York", eastern.LinkTarget);
        Assert.DoesNotContain(entries.Keys, p => p.StartsWith("/usr/share/zoneinfo/right/", StringComparison.Ordinal) || p.StartsWith("/usr/share/zoneinfo/posix/", StringComparison.Ordinal));
        Assert.False(entries.ContainsKey("/usr/share/zoneinfo/localtime"));
        Assert.False(entries.ContainsKey("/usr/share/zoneinfo/tzdata.zi"));
        var summary = Assert.Single(tzdata.Files);
        Assert.Equal("/usr/share/zoneinfo", summary.ImagePath);
        Assert.Matches(@"^time zones: \d{3} zones, \d{2,3} links$", summary.Reason);
    }

    [Fact]
    public void A_sysroot_whose_zoneinfo_holds_no_zone_is_a_coded_error()
    {
        using var temp = new TempDirectory();
        var sysroot = GlibcOnly(temp, LambdaArchitecture.X86_64);
        Directory.CreateDirectory(temp.Combine("sysroot", "usr", "share", "zoneinfo"));

        var error = Assert.Throws<LambdaSlimException>(() => Resolve(LambdaArchitecture.X86_64, programs.HelloX64, new RuntimePartSettings { TimeZoneData = RuntimePartMode.Include }, sysroot));

        Assert.Equal("LSLIM2062", error.Code);
        Assert.Contains("apt-get install tzdata", error.Message);
        Assert.Contains("FindSystemTimeZoneById", error.Message);
    }

    [Fact]
    public void Extra_ca_certificates_are_appended_as_canonical_pem_after_the_bundle()
    {
        using var temp = new TempDirectory();
        var (certificate, _) = TestCertificates.SelfSignedCa("LambdaSlim extra CA");
        var extra = temp.Combine("extra.pem");
        File.WriteAllText(extra, "# a comment the bundle does not need\r\n" + certificate.ExportCertificatePem().Replace("\n", "\r\n"));

        var parts = Resolve(LambdaArchitecture.X86_64, programs.OpenSslShimX64, extraCertificates: [extra]);

        var bundle = System.Text.Encoding.ASCII.GetString(parts[1].Layer.Entries.Single(e => e.Kind == LayerEntryKind.File).Content!);
        Assert.StartsWith(File.ReadAllText("/etc/ssl/certs/ca-certificates.crt"), bundle);
        Assert.EndsWith(certificate.ExportCertificatePem() + "\n", bundle);
        Assert.DoesNotContain("\r", bundle);
        Assert.Equal("trusted CA certificates + 1 LambdaCaCertificate file(s)", parts[1].Files[0].Reason);
    }

    [Fact]
    public void Extra_ca_certificates_must_be_certificates_without_keys_and_need_a_bundle()
    {
        using var temp = new TempDirectory();
        var (certificate, key) = TestCertificates.SelfSignedCa("LambdaSlim extra CA");
        var withKey = temp.Combine("with-key.pem");
        File.WriteAllText(withKey, certificate.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem());
        var notPem = temp.Combine("cert.der");
        File.WriteAllBytes(notPem, certificate.RawData);
        var good = temp.Combine("good.pem");
        File.WriteAllText(good, certificate.ExportCertificatePem());

        Assert.Equal("LSLIM2065", Assert.Throws<LambdaSlimException>(() => Resolve(LambdaArchitecture.X86_64, programs.OpenSslShimX64, extraCertificates: [withKey])).Code);
        Assert.Equal("LSLIM2065", Assert.Throws<LambdaSlimException>(() => Resolve(LambdaArchitecture.X86_64, programs.OpenSslShimX64, extraCertificates: [notPem])).Code);
        Assert.Equal("LSLIM2065", Assert.Throws<LambdaSlimException>(() => Resolve(LambdaArchitecture.X86_64, programs.OpenSslShimX64, extraCertificates: [temp.Combine("missing.pem")])).Code);
        var unused = Assert.Throws<LambdaSlimException>(() => Resolve(LambdaArchitecture.X86_64, programs.HelloX64, extraCertificates: [good]));
        Assert.Equal("LSLIM2066", unused.Code);
        Assert.Contains("LambdaOpenSsl=Include", unused.Message);
        Assert.Equal("LSLIM2066", Assert.Throws<LambdaSlimException>(() => Resolve(LambdaArchitecture.X86_64, programs.OpenSslShimX64, caBundle: null, extraCertificates: [good])).Code);
    }
}
