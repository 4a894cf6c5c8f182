using LambdaSlim.Core.Registry.Ecr;

namespace LambdaSlim.Core.Tests.Registry.Ecr;

public sealed class EcrEndpointTests
{
    private static readonly Uri Regional = new("https://api.ecr.eu-west-1.amazonaws.com/");

    private static Func<string, string?> Env(params (string Name, string Value)[] variables)
        => name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void Without_overrides_the_regional_endpoint_is_used()
    {
        var endpoint = EcrEndpoint.Resolve(Regional, Env());

        Assert.Equal(Regional, endpoint.Uri);
        Assert.Equal("the regional endpoint", endpoint.Source);
    }

    [Fact]
    public void The_service_variable_wins_over_the_global_one()
    {
        var endpoint = EcrEndpoint.Resolve(Regional, Env(("AWS_ENDPOINT_URL", "http://127.0.0.1:1111"), ("AWS_ENDPOINT_URL_ECR", "http://127.0.0.1:2222/")));

        Assert.Equal(new Uri("http://127.0.0.1:2222/"), endpoint.Uri);
        Assert.Equal("AWS_ENDPOINT_URL_ECR", endpoint.Source);
    }

    [Fact]
    public void The_global_variable_applies_when_the_service_one_is_unset()
    {
        var endpoint = EcrEndpoint.Resolve(Regional, Env(("AWS_ENDPOINT_URL", "https://localstack.internal:4566")));

        Assert.Equal(new Uri("https://localstack.internal:4566"), endpoint.Uri);
        Assert.Equal("AWS_ENDPOINT_URL", endpoint.Source);
    }

    [Fact]
    public void AWS_IGNORE_CONFIGURED_ENDPOINT_URLS_switches_the_overrides_off()
    {
        var endpoint = EcrEndpoint.Resolve(Regional, Env(("AWS_ENDPOINT_URL_ECR", "http://127.0.0.1:2222"), ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")));

        Assert.Equal(Regional, endpoint.Uri);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://127.0.0.1/")]
    [InlineData("/relative")]
    [InlineData("https://user:hunter2@127.0.0.1/")]
    public void A_bad_override_is_a_coded_error_that_does_not_echo_it(string value)
    {
        var error = Assert.Throws<LambdaSlimException>(() => EcrEndpoint.Resolve(Regional, Env(("AWS_ENDPOINT_URL_ECR", value))));

        Assert.Equal("LSLIM3507", error.Code);
        Assert.Contains("AWS_ENDPOINT_URL_ECR", error.Message);
        Assert.DoesNotContain(value, error.Message);
    }
}
