using LambdaSlim.Core.Oci;
using System.Net;
using System.Text;
using LambdaSlim.Core.Registry;
using LambdaSlim.Core.Registry.Credentials;
using LambdaSlim.Core.Registry.Transport;
using LambdaSlim.Core.Tests.Registry.Support;

namespace LambdaSlim.Core.Tests.Registry;

/// <summary>Byte- and string-level tests of the protocol pieces: challenges, references, hosts, errors, credentials.</summary>
public sealed class ProtocolParsingTests
{
    [Fact]
    public void Challenge_Bearer_ParsesQuotedParametersWithCommasAndSpaces()
    {
        var challenge = AuthChallenge.Parse("Bearer", "realm=\"https://auth.example/token\",service=\"registry.example\",scope=\"repository:a/b:pull,push repository:c:pull\",error=\"insufficient_scope\"");

        Assert.True(challenge.IsBearer);
        Assert.Equal("https://auth.example/token", challenge.Realm);
        Assert.Equal("registry.example", challenge.Service);
        Assert.Equal(["repository:a/b:pull,push", "repository:c:pull"], challenge.Scopes);
        Assert.Equal("insufficient_scope", challenge.Parameters["error"]);
    }

    [Fact]
    public void Challenge_FromResponse_PrefersBearerOverBasic()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.Unauthorized);
        response.Headers.TryAddWithoutValidation("WWW-Authenticate", "Basic realm=\"r\"");
        response.Headers.TryAddWithoutValidation("WWW-Authenticate", "Bearer realm=\"https://t/token\",service=\"s\"");

        Assert.True(AuthChallenge.From(response.Headers)!.IsBearer);
    }

    [Theory]
    [InlineData("public.ecr.aws/lambda/provided:al2023", "public.ecr.aws", "lambda/provided", "al2023", null)]
    [InlineData("alpine", "docker.io", "library/alpine", "latest", null)]
    [InlineData("gcr.io/distroless/static-debian12:nonroot", "gcr.io", "distroless/static-debian12", "nonroot", null)]
    [InlineData("localhost:5000/fn@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "localhost:5000", "fn", null, "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("127.0.0.1:5000/a/b:t", "127.0.0.1:5000", "a/b", "t", null)]
    public void Reference_Parses(string text, string registry, string repository, string? tag, string? digest)
    {
        var reference = ImageReference.Parse(text);
        Assert.Equal((registry, repository, tag, digest), (reference.Registry, reference.Repository, reference.Tag, reference.Digest));
    }

    [Theory]
    [InlineData("Registry.example/UPPER:tag")]
    [InlineData("host/repo@sha256:short")]
    [InlineData("host/repo:bad tag")]
    public void Reference_Invalid_FailsWithLSLIM3008(string text)
        => Assert.Equal("LSLIM3008", Assert.Throws<LambdaSlimException>(() => ImageReference.Parse(text)).Code);

    [Fact]
    public void Reference_DockerHub_UsesTheRegistryApiHost()
        => Assert.Equal("registry-1.docker.io", ImageReference.Parse("alpine:3").ApiHost);

    [Theory]
    [InlineData("127.0.0.1:5000", true)]
    [InlineData("127.8.9.10:5000", true)]
    [InlineData("localhost:5000", true)]
    [InlineData("[::1]:5000", true)]
    [InlineData("registry.internal:5000", true)]
    [InlineData("other.internal", true)]
    [InlineData("registry.internal:5001", false)]
    [InlineData("123456789012.dkr.ecr.eu-west-1.amazonaws.com", false)]
    public void Insecure_AllowsLoopbackAndTheSemicolonList(string host, bool allowed)
    {
        var insecure = InsecureRegistries.FromEnvironment(name => name == InsecureRegistries.Variable ? "registry.internal:5000; other.internal;" : null);
        Assert.Equal(allowed, insecure.Allows(host));
    }

    [Fact]
    public void Errors_RegistryJsonCodes_MapToCodedErrorsThatSayWhatToCheck()
    {
        var operation = new RegistryOperation("r.example", "team/fn", "pushing") { CredentialSource = "environment variables X/Y" };
        var body = RegistryErrors.ParseBody("""{"errors":[{"code":"NAME_UNKNOWN","message":"repository name not known to registry","detail":{"name":"team/fn"}}]}""");

        var unknown = Assert.IsType<LambdaSlimException>(RegistryErrors.FromStatus(HttpStatusCode.NotFound, body, operation));
        Assert.Equal("LSLIM3003", unknown.Code);
        Assert.Contains("repository name not known", unknown.Message);
        Assert.Contains("LambdaEcrCreateRepository", unknown.Message);

        var denied = Assert.IsType<LambdaSlimException>(RegistryErrors.FromStatus(HttpStatusCode.Forbidden,
            RegistryErrors.ParseBody("""{"errors":[{"code":"DENIED","message":"requested access to the resource is denied"}]}"""), operation));
        Assert.Equal("LSLIM3002", denied.Code);
        Assert.Contains("environment variables X/Y", denied.Message);

        Assert.Equal("LSLIM3001", ((LambdaSlimException)RegistryErrors.FromStatus(HttpStatusCode.Unauthorized, [], operation)).Code);
        Assert.Equal("LSLIM3006", Assert.IsType<TransientRegistryException>(RegistryErrors.FromStatus(HttpStatusCode.BadGateway, RegistryErrors.ParseBody("<html>bad gateway</html>"), operation)).Final.Code);
        Assert.IsType<TransientRegistryException>(RegistryErrors.FromStatus(HttpStatusCode.TooManyRequests, [], operation));
        Assert.Equal("LSLIM3015", ((LambdaSlimException)RegistryErrors.FromStatus(HttpStatusCode.BadRequest,
            RegistryErrors.ParseBody("""{"errors":[{"code":"MANIFEST_INVALID","message":"manifest invalid"}]}"""), operation)).Code);
    }

    [Fact]
    public void Credential_ToString_NeverShowsThePassword()
    {
        var text = new RegistryCredential("user", "hunter2-secret").ToString();
        Assert.Contains("user", text);
        Assert.DoesNotContain("hunter2-secret", text);
        Assert.DoesNotContain("hunter2-secret", new ResolvedCredential(new RegistryCredential("u", "hunter2-secret"), "src").ToString());
    }

    [Fact]
    public void EnvironmentCredentials_PullMode_ReadsOnlyThePullPair_AsTheSdkDoes()
    {
        var environment = new Dictionary<string, string?>
        {
            ["DOTNET_CONTAINER_REGISTRY_UNAME"] = "generic",
            ["DOTNET_CONTAINER_REGISTRY_PWORD"] = "p",
        };
        Assert.Null(EnvironmentCredentials.Find(RegistryMode.Pull, n => environment.GetValueOrDefault(n)));
        Assert.Equal("generic", EnvironmentCredentials.Find(RegistryMode.PullFromOutput, n => environment.GetValueOrDefault(n))!.Credential.Username);
        environment["DOTNET_CONTAINER_PULL_REGISTRY_UNAME"] = "puller";
        environment["DOTNET_CONTAINER_PULL_REGISTRY_PWORD"] = "p";
        Assert.Equal("puller", EnvironmentCredentials.Find(RegistryMode.Pull, n => environment.GetValueOrDefault(n))!.Credential.Username);
        // A pair counts only when both halves are set.
        environment["DOTNET_CONTAINER_PUSH_REGISTRY_UNAME"] = "half";
        Assert.Equal("generic", EnvironmentCredentials.Find(RegistryMode.Push, n => environment.GetValueOrDefault(n))!.Credential.Username);
    }

    [Fact]
    public async Task DockerConfig_MatchesKeysWithSchemeAndPath_DockerHubAliases_AndIdentityTokens()
    {
        var directory = Tool.TempDirectory();
        File.WriteAllText(Path.Combine(directory, "config.json"), """
            {"auths":{
              "https://index.docker.io/v1/":{"auth":"aHViOnB3"},
              "https://r.example:5000/v2/":{"username":"u","password":"p"},
              "tok.example":{"identitytoken":"refresh-me"}
            }}
            """);
        Func<string, string?> environment = n => n == "DOCKER_CONFIG" ? directory : null;

        Assert.Equal(new RegistryCredential("hub", "pw"), (await DockerConfigCredentials.FindAsync("registry-1.docker.io", environment, default))!.Credential);
        Assert.Equal(new RegistryCredential("u", "p"), (await DockerConfigCredentials.FindAsync("r.example:5000", environment, default))!.Credential);
        Assert.Equal(new RegistryCredential(RegistryCredential.IdentityTokenUsername, "refresh-me"), (await DockerConfigCredentials.FindAsync("tok.example", environment, default))!.Credential);
        Assert.Null(await DockerConfigCredentials.FindAsync("r.example:5001", environment, default));
    }

    [Fact]
    public async Task DockerConfig_Malformed_FailsWithLSLIM3012WithoutQuotingTheFile()
    {
        var directory = Tool.TempDirectory();
        File.WriteAllText(Path.Combine(directory, "config.json"), """{"auths":{"x":{"auth":"c2VjcmV0LXZhbHVl" """);
        var error = await Assert.ThrowsAsync<LambdaSlimException>(() => DockerConfigCredentials.FindAsync("x", n => n == "DOCKER_CONFIG" ? directory : null, default));
        Assert.Equal("LSLIM3012", error.Code);
        Assert.DoesNotContain("c2VjcmV0LXZhbHVl", error.Message);
    }

    [Fact]
    public void Descriptor_ReadsPlatformAndRefName_FromRawIndexBytes()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","size":7,"platform":{"architecture":"arm64","os":"linux","variant":"v8"},"annotations":{"org.opencontainers.image.ref.name":"t-arm64"}}]}""");
        var entry = ManifestContent.IndexEntries(bytes).Single();
        Assert.Equal(("arm64", "v8", "linux", "t-arm64", 7L), (entry.Platform!.Architecture, entry.Platform.Variant, entry.Platform.Os, entry.RefName, entry.Size));
        Assert.True(LambdaArchitectures.Matches(entry, "arm64"));
        Assert.False(LambdaArchitectures.Matches(entry, "x86_64"));
        Assert.Equal(MediaTypes.OciIndex, ManifestContent.MediaTypeOf(bytes, null));
    }

    [Fact]
    public void Descriptor_WithoutPlatformOrOs_ReadsAsEmpty_AndABadDigestIsTheCallersCode()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"manifests":[{"digest":"sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","size":7},{"digest":"sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb","size":8,"platform":{"architecture":"amd64"}}]}""");
        var entries = ManifestContent.IndexEntries(bytes);
        Assert.Null(entries[0].Platform);
        Assert.False(LambdaArchitectures.Matches(entries[0], "x86_64"));
        Assert.Equal(("amd64", ""), (entries[1].Platform!.Architecture, entries[1].Platform!.Os));
        Assert.True(LambdaArchitectures.Matches(entries[1], "x86_64")); // no OS is taken as Linux

        var corrupt = Encoding.UTF8.GetBytes("""{"manifests":[{"digest":"md5:0","size":7}]}""");
        Assert.Equal("LSLIM3010", Assert.Throws<LambdaSlimException>(() => ManifestContent.IndexEntries(corrupt)).Code);
        Assert.Equal("LSLIM2022", Assert.Throws<LambdaSlimException>(() => ImageIndex.Parse(corrupt)).Code);
    }
}
