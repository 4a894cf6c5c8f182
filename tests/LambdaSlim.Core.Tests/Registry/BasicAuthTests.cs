using LambdaSlim.Tests.Shared;
using System.Text;
using LambdaSlim.Core.Registry.Push;
using LambdaSlim.Core.Tests.Registry.Support;

namespace LambdaSlim.Core.Tests.Registry;

/// <summary>
/// A docker-registry protected by htpasswd (Basic challenge), reached with credentials from each source the
/// .NET SDK reads: environment variables, the docker config's auths, a credential helper, a credential store.
/// </summary>
public sealed class BasicAuthTests
{
    private const string User = "builder";
    private const string Password = "s3cret-Pa55word";

    [Fact]
    public async Task Push_WithoutCredentials_FailsWithLSLIM3001NamingWhatToSet()
    {
        using var registry = DockerRegistry.StartWithHtpasswd(User, Password);
        var image = TestImages.Build("t", [100], [100]);

        var error = await Assert.ThrowsAsync<LambdaSlimException>(() => Push(registry, image, TestOptions.Environment()));

        Assert.Equal("LSLIM3001", error.Code);
        Assert.Contains("DOTNET_CONTAINER_PUSH_REGISTRY_UNAME", error.Message);
        Assert.Contains("docker login", error.Message);
    }

    [Theory]
    [InlineData("DOTNET_CONTAINER_PUSH_REGISTRY_UNAME", "DOTNET_CONTAINER_PUSH_REGISTRY_PWORD")]
    [InlineData("DOTNET_CONTAINER_REGISTRY_UNAME", "DOTNET_CONTAINER_REGISTRY_PWORD")]
    [InlineData("SDK_CONTAINER_REGISTRY_UNAME", "SDK_CONTAINER_REGISTRY_PWORD")]
    public async Task Push_WithCredentialsFromEnvironmentVariables_Succeeds(string userVariable, string passwordVariable)
    {
        using var registry = DockerRegistry.StartWithHtpasswd(User, Password);
        var image = TestImages.Build("t", [100], [100]);
        var environment = TestOptions.Environment();
        environment[userVariable] = User;
        environment[passwordVariable] = Password;

        await Push(registry, image, environment);

        Assert.Equal(image.IndexDigest, InspectWithCredentials(registry, "t"));
    }

    [Fact]
    public async Task Push_WithThePushVariables_PrefersThemOverTheGenericOnes()
    {
        using var registry = DockerRegistry.StartWithHtpasswd(User, Password);
        var image = TestImages.Build("t", [100], [100]);
        var environment = TestOptions.Environment();
        environment["DOTNET_CONTAINER_REGISTRY_UNAME"] = "wrong";
        environment["DOTNET_CONTAINER_REGISTRY_PWORD"] = "wrong";
        environment["DOTNET_CONTAINER_PUSH_REGISTRY_UNAME"] = User;
        environment["DOTNET_CONTAINER_PUSH_REGISTRY_PWORD"] = Password;
        // The PULL_ pair never applies to a push.
        environment["DOTNET_CONTAINER_PULL_REGISTRY_UNAME"] = "wrong";
        environment["DOTNET_CONTAINER_PULL_REGISTRY_PWORD"] = "wrong";

        await Push(registry, image, environment);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Push_WithDockerConfigAuths_Succeeds(bool base64AuthField)
    {
        using var registry = DockerRegistry.StartWithHtpasswd(User, Password);
        var image = TestImages.Build("t", [100], [100]);
        var environment = TestOptions.Environment();
        var configDirectory = Tool.TempDirectory();
        var entry = base64AuthField
            ? $$"""{"auth":"{{Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}"))}}"}"""
            : $$"""{"username":"{{User}}","password":"{{Password}}"}""";
        File.WriteAllText(Path.Combine(configDirectory, "config.json"), $$$"""{"auths":{"http://{{{registry.Host}}}/v2/":{{{entry}}}}}""");
        environment["DOCKER_CONFIG"] = configDirectory;

        await Push(registry, image, environment);

        Assert.Equal(image.IndexDigest, InspectWithCredentials(registry, "t"));
    }

    [Fact]
    public async Task Push_WithHomeDockerConfig_WhenDockerConfigIsUnset_Succeeds()
    {
        using var registry = DockerRegistry.StartWithHtpasswd(User, Password);
        var image = TestImages.Build("t", [100], [100]);
        var environment = TestOptions.Environment();
        Directory.CreateDirectory(Path.Combine(environment["HOME"]!, ".docker"));
        File.WriteAllText(Path.Combine(environment["HOME"]!, ".docker", "config.json"),
            "{\"auths\":{\"" + registry.Host + "\":{\"auth\":\"" + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}")) + "\"}}}");

        await Push(registry, image, environment);
    }

    [Theory]
    [InlineData("credHelpers")]
    [InlineData("credsStore")]
    public async Task Push_WithACredentialHelperScript_RunsItWithTheServerOnStdinAndSucceeds(string kind)
    {
        using var registry = DockerRegistry.StartWithHtpasswd(User, Password);
        var image = TestImages.Build("t", [100], [100]);
        var environment = TestOptions.Environment();
        var bin = Tool.TempDirectory();
        var seen = Path.Combine(bin, "stdin.txt");
        var helper = Path.Combine(bin, "docker-credential-test");
        // A real helper speaks the same protocol: "get" as argument, the server on stdin, JSON on stdout.
        File.WriteAllText(helper, $$"""
            #!/bin/sh
            [ "$1" = "get" ] || exit 3
            read server
            echo "$server" > {{seen}}
            printf '{"ServerURL":"%s","Username":"{{User}}","Secret":"{{Password}}"}' "$server"
            """);
        Tool.Run("chmod", "+x", helper);
        environment["PATH"] = bin + ":" + environment["PATH"];
        var configDirectory = Tool.TempDirectory();
        File.WriteAllText(Path.Combine(configDirectory, "config.json"), kind == "credHelpers"
            ? $$$"""{"credHelpers":{"{{{registry.Host}}}":"test"}}"""
            : """{"credsStore":"test"}""");
        environment["DOCKER_CONFIG"] = configDirectory;

        await Push(registry, image, environment);

        Assert.Equal(registry.Host, File.ReadAllText(seen).Trim());
        Assert.Equal(image.IndexDigest, InspectWithCredentials(registry, "t"));
    }

    [Fact]
    public async Task Push_WithAHelperThatIsNotOnPath_FailsWithLSLIM3011()
    {
        using var registry = DockerRegistry.StartWithHtpasswd(User, Password);
        var image = TestImages.Build("t", [100], [100]);
        var environment = TestOptions.Environment();
        var configDirectory = Tool.TempDirectory();
        File.WriteAllText(Path.Combine(configDirectory, "config.json"), $$$"""{"credHelpers":{"{{{registry.Host}}}":"absent-helper"}}""");
        environment["DOCKER_CONFIG"] = configDirectory;

        var error = await Assert.ThrowsAsync<LambdaSlimException>(() => Push(registry, image, environment));

        Assert.Equal("LSLIM3011", error.Code);
        Assert.Contains("docker-credential-absent-helper", error.Message);
    }

    [Fact]
    public async Task Push_WithAWrongPassword_FailsWithLSLIM3001_AndNoSecretInAnyLogLineOrMessage()
    {
        using var registry = DockerRegistry.StartWithHtpasswd(User, Password);
        var image = TestImages.Build("t", [100], [100]);
        const string wrong = "Wr0ng-Secret-Value";
        var environment = TestOptions.Environment();
        environment["DOTNET_CONTAINER_REGISTRY_UNAME"] = User;
        environment["DOTNET_CONTAINER_REGISTRY_PWORD"] = wrong;
        var log = new CapturingLog();

        var error = await Assert.ThrowsAsync<LambdaSlimException>(() =>
            new ImagePusher(TestOptions.Create(log, environment)).PushAsync(new PushRequest(image.LayoutPath, registry.Host, "app", ["t"]), CancellationToken.None));

        Assert.Equal("LSLIM3001", error.Code);
        Assert.Contains("DOTNET_CONTAINER_REGISTRY_UNAME", error.Message);
        var secrets = new[]
        {
            wrong,
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{wrong}")),
            Convert.ToBase64String(Encoding.UTF8.GetBytes(wrong)),
        };
        var everything = string.Join('\n', log.Lines.Append(error.ToString()).Append(error.Message));
        Assert.NotEmpty(log.Lines);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, everything);
        }
    }

    private static Task<PushResult> Push(DockerRegistry registry, TestImage image, Dictionary<string, string?> environment)
        => new ImagePusher(TestOptions.Create(new CapturingLog(), environment)).PushAsync(
            new PushRequest(image.LayoutPath, registry.Host, "app", [image.Tag]), CancellationToken.None);

    private static string InspectWithCredentials(DockerRegistry registry, string tag)
    {
        var raw = Tool.Run("skopeo", "inspect", "--raw", "--tls-verify=false", "--creds", $"{User}:{Password}", $"docker://{registry.Host}/app:{tag}");
        return "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(raw)));
    }
}
