using LambdaSlim.Tests.Shared;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using LambdaSlim.Core.Registry;
using LambdaSlim.Core.Registry.Ecr;
using LambdaSlim.Core.Tests.Registry.Ecr.Support;

namespace LambdaSlim.Core.Tests.Registry.Ecr;

/// <summary>
/// The ECR acceptance point: the token from GetAuthorizationToken (local, SigV4-checking ECR endpoint) is the
/// Basic credential a real <c>docker-registry</c> with htpasswd auth accepts, for reading and for pushing.
/// </summary>
public sealed class EcrTokenHandOffTests
{
    private const string Registry = "123456789012.dkr.ecr.us-east-1.amazonaws.com";

    [Fact]
    public async Task The_ECR_token_is_a_Basic_credential_a_real_registry_accepts_for_push()
    {
        var password = "ecr-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        using var registry = DockerRegistry.StartWithHtpasswd("AWS", password);
        var keys = StaticAwsCredentials.Random(withSessionToken: true);
        using var ecr = new LocalEcrEndpoint(keys, "us-east-1", password);
        var log = new RecordingLog();
        using var authority = new EcrAuthority(new EcrClientOptions
        {
            Credentials = new StaticAwsCredentials(keys),
            Environment = ecr.Environment,
            Log = log,
        });

        // What a push does first: make sure the repository exists, then get the registry credential.
        Assert.True(authority.IsEcrHost(Registry));
        Assert.True(await authority.EnsureRepositoryAsync(Registry, "lambda/hello", CancellationToken.None));
        Assert.False(await authority.EnsureRepositoryAsync(Registry, "lambda/hello", CancellationToken.None));
        var credential = await authority.GetCredentialAsync(Registry, CancellationToken.None);
        Assert.Equal(new RegistryCredential("AWS", password), credential);
        Assert.All(ecr.Requests, r => Assert.Null(r.SignatureProblem));
        Assert.Equal(
            ["DescribeRepositories", "CreateRepository", "DescribeRepositories", "GetAuthorizationToken"],
            ecr.Requests.Select(r => r.Target.Split('.')[1]));

        using var http = new HttpClient { BaseAddress = registry.Uri };
        var basic = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credential.Username}:{credential.Password}")));

        // Without it, or with anything else, the registry refuses: the check below can fail.
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/v2/")).StatusCode);
        using (var wrong = new HttpRequestMessage(HttpMethod.Get, "/v2/"))
        {
            wrong.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("AWS:" + password + "x")));
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(wrong)).StatusCode);
        }
        using (var check = new HttpRequestMessage(HttpMethod.Get, "/v2/"))
        {
            check.Headers.Authorization = basic;
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(check)).StatusCode);
        }

        // Push a blob with it: POST an upload, PUT the bytes with their digest, HEAD it back.
        var blob = Encoding.UTF8.GetBytes("a layer pushed with an ECR token");
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(blob));
        Uri location;
        using (var start = new HttpRequestMessage(HttpMethod.Post, "/v2/lambda/hello/blobs/uploads/"))
        {
            start.Headers.Authorization = basic;
            using var started = await http.SendAsync(start);
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            location = new Uri(registry.Uri, started.Headers.Location!);
        }
        using (var put = new HttpRequestMessage(HttpMethod.Put, $"{location}{(location.Query.Length == 0 ? "?" : "&")}digest={Uri.EscapeDataString(digest)}"))
        {
            put.Headers.Authorization = basic;
            put.Content = new ByteArrayContent(blob);
            put.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            using var committed = await http.SendAsync(put);
            Assert.Equal(HttpStatusCode.Created, committed.StatusCode);
        }
        using (var head = new HttpRequestMessage(HttpMethod.Head, $"/v2/lambda/hello/blobs/{digest}"))
        {
            head.Headers.Authorization = basic;
            using var found = await http.SendAsync(head);
            Assert.Equal(HttpStatusCode.OK, found.StatusCode);
            Assert.Equal(digest, found.Headers.GetValues("Docker-Content-Digest").Single());
        }

        var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes("AWS:" + password));
        foreach (var secret in new[] { password, base64, keys.SecretAccessKey, keys.SessionToken! })
        {
            Assert.DoesNotContain(secret, log.All);
        }
    }
}
