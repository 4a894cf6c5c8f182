using LambdaSlim.Core.Registry.Ecr;

namespace LambdaSlim.Core.Tests.Registry.Ecr;

public sealed class EcrRegistryHostTests
{
    [Theory]
    [InlineData("123456789012.dkr.ecr.us-east-1.amazonaws.com", "123456789012", "us-east-1", false, false, "https://api.ecr.us-east-1.amazonaws.com/")]
    [InlineData("123456789012.dkr.ecr.eu-central-2.amazonaws.com", "123456789012", "eu-central-2", false, false, "https://api.ecr.eu-central-2.amazonaws.com/")]
    [InlineData("000000000001.dkr.ecr-fips.us-west-2.amazonaws.com", "000000000001", "us-west-2", true, false, "https://ecr-fips.us-west-2.amazonaws.com/")]
    [InlineData("123456789012.dkr.ecr.us-gov-west-1.amazonaws.com", "123456789012", "us-gov-west-1", false, false, "https://api.ecr.us-gov-west-1.amazonaws.com/")]
    [InlineData("123456789012.dkr.ecr-fips.us-gov-east-1.amazonaws.com", "123456789012", "us-gov-east-1", true, false, "https://ecr-fips.us-gov-east-1.amazonaws.com/")]
    [InlineData("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn", "123456789012", "cn-north-1", false, false, "https://api.ecr.cn-north-1.amazonaws.com.cn/")]
    [InlineData("123456789012.dkr.ecr.cn-northwest-1.amazonaws.com.cn", "123456789012", "cn-northwest-1", false, false, "https://api.ecr.cn-northwest-1.amazonaws.com.cn/")]
    [InlineData("123456789012.dkr.ecr.ap-southeast-5.amazonaws.com", "123456789012", "ap-southeast-5", false, false, "https://api.ecr.ap-southeast-5.amazonaws.com/")]
    [InlineData("123456789012.dkr-ecr.us-east-2.on.aws", "123456789012", "us-east-2", false, true, "https://ecr.us-east-2.api.aws/")]
    [InlineData("123456789012.dkr-ecr-fips.us-east-1.on.aws", "123456789012", "us-east-1", true, true, "https://ecr-fips.us-east-1.api.aws/")]
    [InlineData("123456789012.DKR.ECR.EU-WEST-1.AMAZONAWS.COM", "123456789012", "eu-west-1", false, false, "https://api.ecr.eu-west-1.amazonaws.com/")]
    public void Recognises_ECR_hosts(string host, string account, string region, bool fips, bool dualStack, string api)
    {
        Assert.True(EcrRegistryHost.TryParse(host, out var ecr));

        Assert.Equal(host.ToLowerInvariant(), ecr.Host);
        Assert.Equal(account, ecr.Account);
        Assert.Equal(region, ecr.Region);
        Assert.Equal(fips, ecr.IsFips);
        Assert.Equal(dualStack, ecr.IsDualStack);
        Assert.Equal(new Uri(api), ecr.ApiEndpoint);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("12345678901.dkr.ecr.us-east-1.amazonaws.com")] // 11 digits
    [InlineData("1234567890123.dkr.ecr.us-east-1.amazonaws.com")] // 13 digits
    [InlineData("12345678901a.dkr.ecr.us-east-1.amazonaws.com")]
    [InlineData("123456789012.dkr.ecr.us-east-1.amazonaws.com:443")] // ports are not part of ECR host names
    [InlineData("https://123456789012.dkr.ecr.us-east-1.amazonaws.com")]
    [InlineData("123456789012.dkr.ecr.us-east-1.amazonaws.com/repo")]
    [InlineData("123456789012.dkr.ecr.us-east-1.amazonaws.com.evil.example")]
    [InlineData("evil.123456789012.dkr.ecr.us-east-1.amazonaws.com")]
    [InlineData("123456789012.dkr.ecr.useast1.amazonaws.com")] // not a region shape
    [InlineData("123456789012.dkr.ecr.us-east.amazonaws.com")]
    [InlineData("123456789012.dkr.ecr-fips.cn-north-1.amazonaws.com.cn")] // China has no FIPS endpoints
    [InlineData("123456789012.dkr.ecr.cn-north-1.amazonaws.com")] // China regions live under .com.cn
    [InlineData("123456789012.dkr.ecr.us-east-1.amazonaws.com.cn")]
    [InlineData("123456789012.dkr-ecr.cn-north-1.on.aws")]
    [InlineData("123456789012.dkr.ecr.us-east-1.on.aws")]
    [InlineData("api.ecr.us-east-1.amazonaws.com")]
    [InlineData("public.ecr.aws")]
    [InlineData("docker.io")]
    [InlineData("localhost:5000")]
    public void Rejects_other_hosts(string? host)
    {
        Assert.False(EcrRegistryHost.TryParse(host, out var ecr));
        Assert.Null(ecr);
    }

    [Theory]
    [InlineData("us-east-1", "https://api.ecr.us-east-1.amazonaws.com/")]
    [InlineData("cn-north-1", "https://api.ecr.cn-north-1.amazonaws.com.cn/")]
    public void A_bare_region_gets_its_regular_endpoint(string region, string api)
    {
        Assert.Equal(new Uri(api), EcrRegistryHost.ApiEndpointFor(region));
    }

    [Fact]
    public void A_bad_region_is_a_coded_error()
    {
        var error = Assert.Throws<LambdaSlimException>(() => EcrRegistryHost.ApiEndpointFor("evil.example.com/x"));

        Assert.Equal("LSLIM3513", error.Code);
    }
}
