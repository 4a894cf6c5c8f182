using LambdaSlim.Tests.Shared;
using System.Text;
using LambdaSlim.Core.Registry.Push;
using LambdaSlim.Core.Tests.Registry.Support;

namespace LambdaSlim.Core.Tests.Registry;

/// <summary>docker-registry in <c>auth: token</c> mode with a JWT-issuing token service written here.</summary>
public sealed class TokenAuthTests
{
    private const string User = "ci";
    private const string Password = "t0ken-Flow-Pass";

    [Fact]
    public async Task Push_ToATokenAuthRegistry_GetsABearerTokenForThePushScopeAndSucceeds()
    {
        using var tokens = new TokenService(User, Password);
        using var registry = DockerRegistry.Start(tokens.RegistryAuthYaml);
        var image = TestImages.Build("t", [1000, 2000], [1000]);
        var environment = TestOptions.Environment();
        environment["DOTNET_CONTAINER_PUSH_REGISTRY_UNAME"] = User;
        environment["DOTNET_CONTAINER_PUSH_REGISTRY_PWORD"] = Password;

        var result = await new ImagePusher(TestOptions.Create(new CapturingLog(), environment)).PushAsync(
            new PushRequest(image.LayoutPath, registry.Host, "org/fn", ["t"]), CancellationToken.None);

        Assert.Equal(image.DistinctBlobs, result.BlobsUploaded);
        Assert.Contains("repository:org/fn:pull,push", tokens.Scopes);
        // The token is cached per scope: one request, not one per blob or manifest.
        Assert.Equal(1, tokens.Requests);
        var raw = Tool.Run("skopeo", "inspect", "--raw", "--tls-verify=false", "--creds", $"{User}:{Password}", $"docker://{registry.Host}/org/fn:t");
        Assert.Equal(image.IndexDigest, "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(raw))));
    }

    [Fact]
    public async Task Push_WhenTheTokenServiceRejectsTheCredentials_FailsWithLSLIM3001WithoutTheSecret()
    {
        using var tokens = new TokenService(User, Password);
        using var registry = DockerRegistry.Start(tokens.RegistryAuthYaml);
        var image = TestImages.Build("t", [100], [100]);
        var environment = TestOptions.Environment();
        environment["DOTNET_CONTAINER_PUSH_REGISTRY_UNAME"] = User;
        environment["DOTNET_CONTAINER_PUSH_REGISTRY_PWORD"] = "not-the-Password";
        var log = new CapturingLog();

        var error = await Assert.ThrowsAsync<LambdaSlimException>(() => new ImagePusher(TestOptions.Create(log, environment)).PushAsync(
            new PushRequest(image.LayoutPath, registry.Host, "org/fn", ["t"]), CancellationToken.None));

        Assert.Equal("LSLIM3001", error.Code);
        Assert.Contains("token service", error.Message);
        Assert.DoesNotContain("not-the-Password", string.Join('\n', log.Lines.Append(error.ToString())));
    }

    [Fact]
    public async Task Push_WithAnIdentityTokenInTheDockerConfig_UsesTheRefreshTokenGrantAndSucceeds()
    {
        using var tokens = new TokenService(User, Password) { IdentityToken = "identity-Refresh-Token" };
        using var registry = DockerRegistry.Start(tokens.RegistryAuthYaml);
        var image = TestImages.Build("t", [1000], [1000]);
        var environment = TestOptions.Environment();
        var configDirectory = Tool.TempDirectory();
        File.WriteAllText(Path.Combine(configDirectory, "config.json"),
            "{\"auths\":{\"" + registry.Host + "\":{\"identitytoken\":\"identity-Refresh-Token\"}}}");
        environment["DOCKER_CONFIG"] = configDirectory;

        var result = await new ImagePusher(TestOptions.Create(new CapturingLog(), environment)).PushAsync(
            new PushRequest(image.LayoutPath, registry.Host, "org/fn", ["t"]), CancellationToken.None);

        Assert.Equal(image.DistinctBlobs, result.BlobsUploaded);
        Assert.Contains("repository:org/fn:pull,push", tokens.Scopes);
    }
}
