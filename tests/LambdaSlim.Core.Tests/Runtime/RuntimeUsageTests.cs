using System.Text;
using LambdaSlim.Core.Runtime;
using LambdaSlim.Core.Tests.Support;

namespace LambdaSlim.Core.Tests.Runtime;

[Collection(NativeProgramsCollection.Name)]
public sealed class RuntimeUsageTests(NativePrograms programs)
{
    /// <summary>The shared framework these tests run on: the same native files and CoreLib a Trimmed app ships.</summary>
    private static readonly string Framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;

    [Fact]
    public void A_program_without_dotnet_features_uses_no_runtime_part()
    {
        Assert.Empty(RuntimeUsage.Detect(programs.HelloX64, []));
        Assert.Empty(RuntimeUsage.Detect(programs.HelloArm64, []));
    }

    [Fact]
    public void A_bootstrap_that_links_the_openssl_shim_uses_openssl_on_both_architectures()
    {
        foreach (var program in new[] { programs.OpenSslShimX64, programs.OpenSslShimArm64 })
        {
            var usage = RuntimeUsage.Detect(program, []);

            Assert.Equal([RuntimePart.OpenSsl], usage.Keys);
            Assert.Equal($"{Path.GetFileName(program)} contains .NET's OpenSSL shim", usage[RuntimePart.OpenSsl]);
        }
    }

    [Fact]
    public void A_bootstrap_that_links_the_icu_loader_uses_icu()
    {
        var usage = RuntimeUsage.Detect(programs.IcuLoaderArm64, []);

        Assert.Equal([RuntimePart.Icu], usage.Keys);
        Assert.Contains("loads ICU", usage[RuntimePart.Icu]);
    }

    [Fact]
    public void A_trimmed_app_folder_uses_openssl_through_the_shipped_shim_and_icu_as_its_runtimeconfig_says()
    {
        using var temp = new TempDirectory();
        var natives = Directory.GetFiles(Framework, "*.so");
        var invariant = temp.Combine("fn.runtimeconfig.json");
        File.WriteAllText(invariant, """{"runtimeOptions":{"configProperties":{"System.Globalization.Invariant":true}}}""");

        var usage = RuntimeUsage.Detect(programs.HelloX64, [.. natives, invariant]);

        Assert.Equal("libSystem.Security.Cryptography.Native.OpenSsl.so contains .NET's OpenSSL shim", usage[RuntimePart.OpenSsl]);
        // libSystem.Globalization.Native.so names ICU in every Trimmed app: the runtimeconfig decides.
        Assert.False(usage.ContainsKey(RuntimePart.Icu));

        File.WriteAllText(invariant, """{"runtimeOptions":{"configProperties":{"System.Globalization.Invariant":false}}}""");
        Assert.Equal("fn.runtimeconfig.json has no invariant globalization", RuntimeUsage.Detect(programs.HelloX64, [.. natives, invariant])[RuntimePart.Icu]);
    }

    [Fact]
    public void Time_zone_lookups_are_found_by_the_zone_id_check_not_by_the_zoneinfo_path()
    {
        using var temp = new TempDirectory();
        // The untrimmed CoreLib keeps FindSystemTimeZoneById and so its zone-id check (a trimmed one keeps it only when used).
        var coreLib = Path.Combine(Framework, "System.Private.CoreLib.dll");
        Assert.Equal("System.Private.CoreLib.dll can look time zones up by id", RuntimeUsage.Detect(programs.HelloX64, [coreLib])[RuntimePart.TimeZoneData]);

        // DateTime.Now alone puts the zoneinfo path in a binary, and needs no zone files (TZ=:UTC on Lambda).
        var pathOnly = temp.Combine("Local.dll");
        File.WriteAllBytes(pathOnly, Encoding.Unicode.GetBytes("/usr/share/zoneinfo/"));
        Assert.Empty(RuntimeUsage.Detect(programs.HelloX64, [pathOnly]));
    }

    [Fact]
    public void A_damaged_runtimeconfig_is_a_coded_error()
    {
        using var temp = new TempDirectory();
        var config = temp.Combine("fn.runtimeconfig.json");
        File.WriteAllText(config, "{ not json");

        Assert.Equal("LSLIM2064", Assert.Throws<LambdaSlimException>(() => RuntimeUsage.Detect(programs.HelloX64, [config])).Code);
    }
}
