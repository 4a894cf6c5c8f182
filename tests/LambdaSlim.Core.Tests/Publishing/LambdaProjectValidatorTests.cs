using LambdaSlim.Core;
using LambdaSlim.Core.Publishing;

namespace LambdaSlim.Core.Tests.Publishing;

public sealed class LambdaProjectValidatorTests
{
    private static LambdaProjectFacts Facts(string architectures = "x86_64;arm64", string fromUser = "", string rid = "",
        string outputType = "Exe", string tfi = ".NETCoreApp", string tfv = "v10.0", string mode = "Aot",
        string globalization = "Invariant", string client = "LambdaSlim") =>
        new(architectures, fromUser, rid, outputType, tfi, tfv, "net" + tfv.TrimStart('v'), mode, globalization, client);

    [Fact]
    public void Default_is_both_architectures_in_lambda_order()
    {
        var result = LambdaProjectValidator.Validate(Facts());
        Assert.Equal([LambdaArchitecture.X86_64, LambdaArchitecture.Arm64], result);
        Assert.Equal("linux-x64", result[0].RuntimeIdentifier);
        Assert.Equal("linux-arm64", result[1].RuntimeIdentifier);
    }

    [Theory]
    [InlineData("arm64", new[] { "arm64" })]
    [InlineData("ARM64", new[] { "arm64" })]
    [InlineData(" x86_64 , arm64 ", new[] { "x86_64", "arm64" })]
    [InlineData("arm64;arm64;x86_64", new[] { "arm64", "x86_64" })]
    public void Architectures_are_parsed_case_insensitively_without_duplicates(string value, string[] expected)
    {
        Assert.Equal(expected, LambdaProjectValidator.ParseArchitectures(value).Select(a => a.Name));
    }

    [Theory]
    [InlineData("x64")]
    [InlineData("amd64")]
    [InlineData("aarch64")]
    [InlineData(";")]
    public void Unknown_or_empty_architectures_are_LSLIM1001(string value)
    {
        var error = Assert.Throws<LambdaSlimException>(() => LambdaProjectValidator.Validate(Facts(architectures: value)));
        Assert.Equal("LSLIM1001", error.Code);
        Assert.Contains("x86_64", error.Message);
    }

    [Theory]
    [InlineData("Library", "LSLIM1002")]
    [InlineData("WinExe", "LSLIM1002")]
    public void Non_executables_are_rejected(string outputType, string code) =>
        AssertCode(code, Facts(outputType: outputType));

    [Theory]
    [InlineData(".NETCoreApp", "v6.0")]
    [InlineData(".NETCoreApp", "v7.0")]
    [InlineData(".NETFramework", "v4.8")]
    [InlineData(".NETStandard", "v2.0")]
    public void Frameworks_below_net8_are_LSLIM1003(string identifier, string version) =>
        AssertCode("LSLIM1003", Facts(tfi: identifier, tfv: version));

    [Theory]
    [InlineData("v8.0")]
    [InlineData("v9.0")]
    [InlineData("v10.0")]
    [InlineData("v11.0")]
    public void Net8_and_later_are_accepted(string version) =>
        Assert.NotEmpty(LambdaProjectValidator.Validate(Facts(tfv: version)));

    [Theory]
    [InlineData("win-x64", "LSLIM1004")]
    [InlineData("osx-arm64", "LSLIM1004")]
    [InlineData("linux-musl-x64", "LSLIM1005")]
    [InlineData("linux-musl-arm64", "LSLIM1005")]
    [InlineData("linux-arm", "LSLIM1001")]
    [InlineData("linux-x86", "LSLIM1001")]
    public void Unusable_runtime_identifiers_are_rejected(string rid, string code) =>
        AssertCode(code, Facts(rid: rid));

    [Fact]
    public void An_explicit_rid_agreeing_with_the_architectures_is_fine_and_a_disagreeing_one_is_LSLIM1008()
    {
        Assert.Equal("arm64", LambdaProjectValidator.Validate(Facts(architectures: "arm64", rid: "linux-arm64")).Single().Name);
        Assert.Equal("arm64", LambdaProjectValidator.Validate(Facts(architectures: "arm64", fromUser: "arm64", rid: "linux-arm64")).Single().Name);
        AssertCode("LSLIM1008", Facts(architectures: "arm64", fromUser: "arm64", rid: "linux-x64"));
        AssertCode("LSLIM1008", Facts(architectures: "x86_64;arm64", fromUser: "x86_64;arm64", rid: "linux-x64"));
    }

    [Theory]
    [InlineData("aot", "Invariant", "LambdaSlim", "LSLIM1006")]
    [InlineData("Native", "Invariant", "LambdaSlim", "LSLIM1006")]
    [InlineData("Aot", "icu", "LambdaSlim", "LSLIM1007")]
    [InlineData("Aot", "Invariant", "Amazon", "LSLIM1009")]
    public void Unknown_modes_are_rejected(string mode, string globalization, string client, string code) =>
        AssertCode(code, Facts(mode: mode, globalization: globalization, client: client));

    private static void AssertCode(string code, LambdaProjectFacts facts)
    {
        var error = Assert.Throws<LambdaSlimException>(() => LambdaProjectValidator.Validate(facts));
        Assert.Equal(code, error.Code);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }
}
