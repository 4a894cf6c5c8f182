using LambdaSlim.Core.Registry.Ecr;
using LambdaSlim.Core.Tests.Registry.Ecr.Support;

namespace LambdaSlim.Core.Tests.Registry.Ecr;

/// <summary>
/// The default credential source is AWSSDK.Core's standard chain. These tests set real environment variables
/// and files (in a scope that restores them, in a collection xunit runs alone) and check what the chain finds.
/// Instance metadata is switched off so a machine without it answers at once.
/// </summary>
[Collection(nameof(AwsEnvironmentCollection))]
public sealed class AwsSdkCredentialChainTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("lslim-aws-chain-");

    private Dictionary<string, string> Isolated(params (string Name, string Value)[] variables)
    {
        var values = new Dictionary<string, string>
        {
            ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(_folder.FullName, "credentials"),
            ["AWS_CONFIG_FILE"] = Path.Combine(_folder.FullName, "config"),
            ["AWS_EC2_METADATA_DISABLED"] = "true",
        };
        foreach (var (name, value) in variables)
        {
            values[name] = value;
        }
        return values;
    }

    [Fact]
    public async Task Environment_variables_with_a_session_token_are_found_first()
    {
        var keys = StaticAwsCredentials.Random(withSessionToken: true);
        File.WriteAllText(Path.Combine(_folder.FullName, "credentials"), "[default]\naws_access_key_id = AKIAPROFILEDEFAULT\naws_secret_access_key = profile-secret\n");
        using var scope = new ProcessEnvironmentScope(Isolated(
            ("AWS_ACCESS_KEY_ID", keys.AccessKeyId), ("AWS_SECRET_ACCESS_KEY", keys.SecretAccessKey), ("AWS_SESSION_TOKEN", keys.SessionToken!)));
        using var chain = new AwsSdkCredentialChain();

        Assert.Equal(keys, await chain.GetCredentialsAsync(CancellationToken.None));
        Assert.Contains("AWS_ACCESS_KEY_ID", chain.Description);
    }

    [Fact]
    public async Task AWS_PROFILE_selects_a_profile_of_the_shared_credentials_file()
    {
        File.WriteAllText(Path.Combine(_folder.FullName, "credentials"),
            "[default]\naws_access_key_id = AKIAPROFILEDEFAULT\naws_secret_access_key = default-secret\n\n"
            + "[dev]\naws_access_key_id = AKIAPROFILEDEV\naws_secret_access_key = dev-secret\n");
        using var scope = new ProcessEnvironmentScope(Isolated(("AWS_PROFILE", "dev")));
        using var chain = new AwsSdkCredentialChain();

        Assert.Equal(new AwsSigningCredentials("AKIAPROFILEDEV", "dev-secret"), await chain.GetCredentialsAsync(CancellationToken.None));
        Assert.Contains("'dev'", chain.Description);
    }

    [Fact]
    public async Task No_credentials_anywhere_is_LSLIM3501_with_what_to_set()
    {
        using var scope = new ProcessEnvironmentScope(Isolated());
        using var chain = new AwsSdkCredentialChain();

        var error = await Assert.ThrowsAsync<LambdaSlimException>(() => chain.GetCredentialsAsync(CancellationToken.None));

        Assert.Equal("LSLIM3501", error.Code);
        Assert.Contains("AWS_PROFILE", error.Message);
        Assert.Contains("aws sso login", error.Message);
    }

    [Fact]
    public async Task An_EcrClient_without_explicit_credentials_signs_with_the_chain()
    {
        var keys = StaticAwsCredentials.Random(withSessionToken: true);
        using var endpoint = new LocalEcrEndpoint(keys, "eu-west-1", "pw");
        using var scope = new ProcessEnvironmentScope(Isolated(
            ("AWS_ACCESS_KEY_ID", keys.AccessKeyId), ("AWS_SECRET_ACCESS_KEY", keys.SecretAccessKey), ("AWS_SESSION_TOKEN", keys.SessionToken!),
            ("AWS_ENDPOINT_URL_ECR", endpoint.Uri.ToString())));
        using var client = new EcrClient("eu-west-1");

        var credential = await client.GetAuthorizationTokenAsync(CancellationToken.None);

        Assert.Equal("pw", credential.Password);
        Assert.Null(Assert.Single(endpoint.Requests).SignatureProblem);
        Assert.Equal("AWS_ENDPOINT_URL_ECR", client.Endpoint.Source);
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
