using LambdaSlim.Tests.Shared;
using System.Text.Json;
using System.Text.RegularExpressions;
using LambdaSlim.Core.Registry.Ecr;
using LambdaSlim.Core.Tests.Registry.Ecr.Support;

namespace LambdaSlim.Core.Tests.Registry.Ecr;

/// <summary>
/// The three ECR calls on the wire, against <see cref="LocalEcrEndpoint"/> (which recomputes every SigV4 signature
/// from the bytes it received), reached through AWS_ENDPOINT_URL_ECR as a user would point the SDK at LocalStack.
/// </summary>
public sealed partial class EcrClientTests
{
    private const string Registry = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";

    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=(?<key>[A-Z0-9]+)/(?<date>\d{8})/eu-west-1/ecr/aws4_request, SignedHeaders=(?<signed>[a-z0-9;-]+), Signature=[0-9a-f]{64}$")]
    private static partial Regex Authorization();

    private static (EcrClient Client, LocalEcrEndpoint Endpoint, AwsSigningCredentials Keys, RecordingLog Log) Start(
        bool sessionToken = false, string password = "registry-password", EcrClientOptions? options = null, AwsSigningCredentials? signWith = null)
    {
        var keys = StaticAwsCredentials.Random(sessionToken);
        var endpoint = new LocalEcrEndpoint(keys, "eu-west-1", password);
        var log = new RecordingLog();
        Assert.True(EcrRegistryHost.TryParse(Registry, out var host));
        var client = new EcrClient(host, (options ?? new EcrClientOptions()) with
        {
            Credentials = new StaticAwsCredentials(signWith ?? keys),
            Environment = endpoint.Environment,
            Log = log,
            RetryDelay = TimeSpan.FromMilliseconds(10),
        });
        return (client, endpoint, keys, log);
    }

    private static void AssertSignedEcrCall(CapturedEcrRequest request, string action, AwsSigningCredentials keys)
    {
        Assert.Null(request.SignatureProblem);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/", request.Path);
        Assert.Equal("AmazonEC2ContainerRegistry_V20150921." + action, request.Target);
        Assert.Equal("application/x-amz-json-1.1", request.Headers["Content-Type"]);
        Assert.Matches(@"^\d{8}T\d{6}Z$", request.Headers["X-Amz-Date"]);

        var authorization = Authorization().Match(request.Headers["Authorization"]);
        Assert.True(authorization.Success, request.Headers["Authorization"]);
        Assert.Equal(keys.AccessKeyId, authorization.Groups["key"].Value);
        Assert.Equal(request.Headers["X-Amz-Date"][..8], authorization.Groups["date"].Value);
        var expectedSigned = keys.SessionToken is null
            ? "content-type;host;x-amz-date;x-amz-target"
            : "content-type;host;x-amz-date;x-amz-security-token;x-amz-target";
        Assert.Equal(expectedSigned, authorization.Groups["signed"].Value);
        if (keys.SessionToken is null)
        {
            Assert.False(request.Headers.ContainsKey("X-Amz-Security-Token"));
        }
        else
        {
            Assert.Equal(keys.SessionToken, request.Headers["X-Amz-Security-Token"]);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetAuthorizationToken_is_a_signed_JSON_call_whose_token_becomes_a_Basic_credential(bool sessionToken)
    {
        var (client, endpoint, keys, _) = Start(sessionToken, password: "pa:ss:word");
        using var _c = client;
        using var _e = endpoint;

        var credential = await client.GetAuthorizationTokenAsync(CancellationToken.None);

        Assert.Equal("AWS", credential.Username);
        Assert.Equal("pa:ss:word", credential.Password); // split at the first colon only
        var request = Assert.Single(endpoint.Requests);
        AssertSignedEcrCall(request, "GetAuthorizationToken", keys);
        Assert.Equal("{}", request.BodyText);
    }

    [Fact]
    public async Task DescribeRepositories_names_the_registry_and_the_repository()
    {
        var (client, endpoint, keys, _) = Start(sessionToken: true);
        using var _c = client;
        using var _e = endpoint;

        Assert.False(await client.RepositoryExistsAsync("lambda/hello", CancellationToken.None));
        endpoint.Repositories["lambda/hello"] = true;
        Assert.True(await client.RepositoryExistsAsync("lambda/hello", CancellationToken.None));

        Assert.All(endpoint.Requests, r => AssertSignedEcrCall(r, "DescribeRepositories", keys));
        Assert.Equal("""{"registryId":"123456789012","repositoryNames":["lambda/hello"]}""", endpoint.Requests.First().BodyText);
    }

    [Fact]
    public async Task CreateRepository_sends_mutable_tags_and_the_optional_scan_setting()
    {
        var (client, endpoint, keys, log) = Start(options: new EcrClientOptions { ScanOnPush = true });
        using var _c = client;
        using var _e = endpoint;

        await client.CreateRepositoryAsync("lambda/hello", CancellationToken.None);

        var request = Assert.Single(endpoint.Requests);
        AssertSignedEcrCall(request, "CreateRepository", keys);
        Assert.Equal(
            """{"registryId":"123456789012","repositoryName":"lambda/hello","imageTagMutability":"MUTABLE","imageScanningConfiguration":{"scanOnPush":true}}""",
            request.BodyText);
        Assert.True(endpoint.Repositories.ContainsKey("lambda/hello"));
        Assert.Contains("created repository 'lambda/hello'", log.All);
    }

    [Fact]
    public async Task CreateRepository_without_scan_setting_leaves_it_to_ECR_and_a_bare_region_names_no_registry()
    {
        var keys = StaticAwsCredentials.Random(withSessionToken: false);
        using var endpoint = new LocalEcrEndpoint(keys, "eu-west-1", "pw");
        using var client = new EcrClient("eu-west-1", new EcrClientOptions { Credentials = new StaticAwsCredentials(keys), Environment = endpoint.Environment });

        await client.CreateRepositoryAsync("hello", CancellationToken.None);

        var body = Assert.Single(endpoint.Requests).Json;
        Assert.Equal("""{"repositoryName":"hello","imageTagMutability":"MUTABLE"}""", JsonSerializer.Serialize(body));
    }

    [Fact]
    public async Task A_repository_created_meanwhile_by_someone_else_is_not_an_error()
    {
        var (client, endpoint, _, log) = Start();
        using var _c = client;
        using var _e = endpoint;
        endpoint.Repositories["lambda/hello"] = true;

        await client.CreateRepositoryAsync("lambda/hello", CancellationToken.None);

        Assert.Contains("already exists", log.All);
    }

    [Fact]
    public async Task The_token_is_cached_until_shortly_before_it_expires()
    {
        var clock = new ManualClock();
        var (client, endpoint, _, _) = Start(options: new EcrClientOptions { TimeProvider = clock });
        using var _c = client;
        using var _e = endpoint;
        endpoint.TokenLifetime = TimeSpan.FromMinutes(10);

        var first = await client.GetAuthorizationTokenAsync(CancellationToken.None);
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.GetAuthorizationTokenAsync(CancellationToken.None)));
        Assert.Single(endpoint.Requests);
        Assert.All(concurrent, c => Assert.Equal(first, c));

        clock.Now += TimeSpan.FromMinutes(4); // 6 minutes left: still outside the 5-minute margin
        await client.GetAuthorizationTokenAsync(CancellationToken.None);
        Assert.Single(endpoint.Requests);

        clock.Now += TimeSpan.FromMinutes(2); // 4 minutes left: fetch a new one
        await client.GetAuthorizationTokenAsync(CancellationToken.None);
        Assert.Equal(2, endpoint.Requests.Count);
    }

    [Fact]
    public async Task Keys_the_endpoint_does_not_know_are_LSLIM3502()
    {
        var keys = StaticAwsCredentials.Random(withSessionToken: true);
        var (client, endpoint, _, log) = Start(signWith: keys);
        using var _c = client;
        using var _e = endpoint;

        var error = await Assert.ThrowsAsync<LambdaSlimException>(() => client.GetAuthorizationTokenAsync(CancellationToken.None));

        Assert.Equal("LSLIM3502", error.Code);
        Assert.Equal("unknown key " + keys.AccessKeyId, Assert.Single(endpoint.Requests).SignatureProblem);
        AssertNoSecret(error.Message + log.All, keys.SecretAccessKey, keys.SessionToken);
    }

    [Fact]
    public async Task A_bad_signature_is_LSLIM3503_and_the_echoed_canonical_request_with_the_token_is_not_shown()
    {
        var keys = StaticAwsCredentials.Random(withSessionToken: true);
        var wrongSecret = "not-the-secret-" + Guid.NewGuid();
        using var endpoint = new LocalEcrEndpoint(keys, "eu-west-1", "pw");
        var log = new RecordingLog();
        using var client = new EcrClient("eu-west-1", new EcrClientOptions
        {
            Credentials = new StaticAwsCredentials(keys with { SecretAccessKey = wrongSecret }),
            Environment = endpoint.Environment,
            Log = log,
        });

        var error = await Assert.ThrowsAsync<LambdaSlimException>(() => client.RepositoryExistsAsync("hello", CancellationToken.None));

        Assert.Equal("LSLIM3503", error.Code);
        Assert.Equal("signature mismatch", Assert.Single(endpoint.Requests).SignatureProblem);
        Assert.Contains("clock", error.Message);
        AssertNoSecret(error.ToString() + log.All, wrongSecret, keys.SecretAccessKey, keys.SessionToken);
    }

    [Theory]
    [InlineData("AccessDeniedException", "LSLIM3505", "ecr:DescribeRepositories")]
    [InlineData("ExpiredTokenException", "LSLIM3504", "aws sso login")]
    [InlineData("UnrecognizedClientException", "LSLIM3502", "AWS_ACCESS_KEY_ID")]
    [InlineData("InvalidParameterException", "LSLIM3508", "ContainerRepository")]
    public async Task AWS_errors_become_coded_errors_that_say_what_to_check(string type, string code, string hint)
    {
        var (client, endpoint, keys, log) = Start(sessionToken: true);
        using var _c = client;
        using var _e = endpoint;
        endpoint.ScriptedErrors.Enqueue((400, type, $"AWS says no to {keys.SessionToken}"));

        var error = await Assert.ThrowsAsync<LambdaSlimException>(() => client.RepositoryExistsAsync("lambda/hello", CancellationToken.None));

        Assert.Equal(code, error.Code);
        Assert.Contains(hint, error.Message);
        Assert.Contains("test keys", error.Message);
        Assert.Single(endpoint.Requests); // not retried
        AssertNoSecret(error.ToString() + log.All, keys.SecretAccessKey, keys.SessionToken);
    }

    [Fact]
    public async Task Throttling_and_server_errors_are_retried_then_succeed()
    {
        var (client, endpoint, _, log) = Start();
        using var _c = client;
        using var _e = endpoint;
        endpoint.ScriptedErrors.Enqueue((400, "ThrottlingException", "Rate exceeded"));
        endpoint.ScriptedErrors.Enqueue((500, "ServerException", "oops"));

        Assert.False(await client.RepositoryExistsAsync("lambda/hello", CancellationToken.None));

        Assert.Equal(3, endpoint.Requests.Count);
        Assert.Equal(2, log.Lines.Count(l => l.StartsWith("warning: Amazon ECR: retrying", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Errors_that_outlast_the_retries_are_LSLIM3509()
    {
        var (client, endpoint, _, _) = Start(options: new EcrClientOptions { MaxRetries = 2 });
        using var _c = client;
        using var _e = endpoint;
        for (var i = 0; i < 3; i++)
        {
            endpoint.ScriptedErrors.Enqueue((503, "ServiceUnavailableException", "down"));
        }

        var error = await Assert.ThrowsAsync<LambdaSlimException>(() => client.GetAuthorizationTokenAsync(CancellationToken.None));

        Assert.Equal("LSLIM3509", error.Code);
        Assert.Equal(3, endpoint.Requests.Count);
    }

    [Fact]
    public async Task An_unreachable_endpoint_is_LSLIM3506_after_retries()
    {
        var keys = StaticAwsCredentials.Random(withSessionToken: false);
        Uri closed;
        using (var endpoint = new LocalEcrEndpoint(keys, "eu-west-1", "pw"))
        {
            closed = endpoint.Uri;
        }
        using var client = new EcrClient("eu-west-1", new EcrClientOptions
        {
            Credentials = new StaticAwsCredentials(keys),
            Environment = name => name == "AWS_ENDPOINT_URL" ? closed.ToString() : null,
            MaxRetries = 1,
            RetryDelay = TimeSpan.FromMilliseconds(10),
        });

        var error = await Assert.ThrowsAsync<LambdaSlimException>(() => client.GetAuthorizationTokenAsync(CancellationToken.None));

        Assert.Equal("LSLIM3506", error.Code);
        Assert.Contains("AWS_ENDPOINT_URL", error.Message);
    }

    [Fact]
    public async Task An_endpoint_that_is_not_ECR_is_LSLIM3510_or_LSLIM3512()
    {
        var keys = StaticAwsCredentials.Random(withSessionToken: false);
        using var registry = DockerRegistry.StartWithHtpasswd("AWS", "pw");
        using var client = new EcrClient("eu-west-1", new EcrClientOptions
        {
            Credentials = new StaticAwsCredentials(keys),
            Environment = name => name == "AWS_ENDPOINT_URL_ECR" ? new Uri(registry.Uri, "/v2/").ToString() : null,
        });

        var error = await Assert.ThrowsAsync<LambdaSlimException>(() => client.GetAuthorizationTokenAsync(CancellationToken.None));

        Assert.Contains(error.Code, new[] { "LSLIM3510", "LSLIM3512" });
        Assert.Contains("AWS_ENDPOINT_URL_ECR", error.Message);
    }

    [Fact]
    public async Task Nothing_logged_or_thrown_in_a_full_run_contains_a_secret()
    {
        const string password = "ecr-registry-password-0123456789";
        var (client, endpoint, keys, log) = Start(sessionToken: true, password: password);
        using var _c = client;
        using var _e = endpoint;

        await client.GetAuthorizationTokenAsync(CancellationToken.None);
        Assert.False(await client.RepositoryExistsAsync("lambda/hello", CancellationToken.None));
        await client.CreateRepositoryAsync("lambda/hello", CancellationToken.None);
        endpoint.ScriptedErrors.Enqueue((400, "AccessDeniedException", $"denied {password} {keys.SecretAccessKey}"));
        var error = await Assert.ThrowsAsync<LambdaSlimException>(() => client.CreateRepositoryAsync("other", CancellationToken.None));

        Assert.NotEmpty(log.Lines);
        var base64Token = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("AWS:" + password));
        AssertNoSecret(log.All + error, keys.SecretAccessKey, keys.SessionToken, password, base64Token);
    }

    private static void AssertNoSecret(string text, params string?[] secrets)
    {
        foreach (var secret in secrets.Where(s => !string.IsNullOrEmpty(s)))
        {
            Assert.DoesNotContain(secret!, text);
        }
    }
}
