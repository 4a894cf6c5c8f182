using LambdaSlim.Core.Registry.Ecr;
using LambdaSlim.Core.Tests.Registry.Ecr.Support;

namespace LambdaSlim.Core.Tests.Registry.Ecr;

/// <summary>The registry client's ECR hook (IEcrAuthority) over the local ECR endpoint.</summary>
public sealed class EcrAuthorityTests
{
    private const string Registry = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";

    private static (EcrAuthority Authority, LocalEcrEndpoint Endpoint, RecordingLog Log) Start()
    {
        var keys = StaticAwsCredentials.Random(withSessionToken: false);
        var endpoint = new LocalEcrEndpoint(keys, "eu-west-1", "pw");
        var log = new RecordingLog();
        var authority = new EcrAuthority(new EcrClientOptions { Credentials = new StaticAwsCredentials(keys), Environment = endpoint.Environment, Log = log });
        return (authority, endpoint, log);
    }

    [Theory]
    [InlineData(Registry, true)]
    [InlineData("123456789012.dkr.ecr-fips.us-east-1.amazonaws.com", true)]
    [InlineData("ghcr.io", false)]
    [InlineData("127.0.0.1:5000", false)]
    public void Knows_which_hosts_are_ECR(string host, bool expected)
    {
        using var authority = new EcrAuthority(new EcrClientOptions { Credentials = new StaticAwsCredentials(StaticAwsCredentials.Random(false)) });

        Assert.Equal(expected, authority.IsEcrHost(host));
    }

    [Fact]
    public async Task One_token_per_host_serves_every_request_of_the_build()
    {
        var (authority, endpoint, _) = Start();
        using var _a = authority;
        using var _e = endpoint;

        var first = await authority.GetCredentialAsync(Registry, CancellationToken.None);
        var second = await authority.GetCredentialAsync(Registry.ToUpperInvariant(), CancellationToken.None);

        Assert.Equal(first, second);
        Assert.Single(endpoint.Requests);
    }

    [Fact]
    public async Task Without_ecr_DescribeRepositories_the_check_is_skipped_with_a_warning()
    {
        var (authority, endpoint, log) = Start();
        using var _a = authority;
        using var _e = endpoint;
        endpoint.ScriptedErrors.Enqueue((400, "AccessDeniedException", "User is not authorized to perform: ecr:DescribeRepositories"));

        Assert.False(await authority.EnsureRepositoryAsync(Registry, "lambda/hello", CancellationToken.None));

        Assert.Single(endpoint.Requests); // no CreateRepository attempt
        Assert.Contains("warning: Amazon ECR: cannot check whether repository 'lambda/hello' exists", log.All);
    }

    [Fact]
    public async Task A_denied_CreateRepository_is_a_coded_error_naming_the_permission()
    {
        var (authority, endpoint, _) = Start();
        using var _a = authority;
        using var _e = endpoint;
        endpoint.ScriptedErrors.Enqueue((400, "RepositoryNotFoundException", "not there"));
        endpoint.ScriptedErrors.Enqueue((400, "AccessDeniedException", "User is not authorized to perform: ecr:CreateRepository"));

        var error = await Assert.ThrowsAsync<LambdaSlimException>(() => authority.EnsureRepositoryAsync(Registry, "lambda/hello", CancellationToken.None));

        Assert.Equal("LSLIM3505", error.Code);
        Assert.Contains("ecr:CreateRepository on repository 'lambda/hello'", error.Message);
    }

    [Fact]
    public async Task A_host_that_is_not_ECR_is_a_programming_error()
    {
        using var authority = new EcrAuthority();

        await Assert.ThrowsAsync<ArgumentException>(() => authority.GetCredentialAsync("ghcr.io", CancellationToken.None));
    }
}
