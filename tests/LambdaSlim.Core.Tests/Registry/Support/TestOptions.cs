using LambdaSlim.Core.Registry;
using LambdaSlim.Core.Registry.Credentials;

namespace LambdaSlim.Core.Tests.Registry.Support;

/// <summary>Client options over an explicit environment (so no test reads the machine's ~/.docker) and short retry delays.</summary>
internal static class TestOptions
{
    public static Dictionary<string, string?> Environment() => new()
    {
        ["HOME"] = Tool.TempDirectory(),
        ["PATH"] = System.Environment.GetEnvironmentVariable("PATH"),
    };

    public static RegistryClientOptions Create(IRegistryLog log, Dictionary<string, string?>? environment = null, int maxRetries = 3)
    {
        var env = environment ?? Environment();
        return new RegistryClientOptions
        {
            Credentials = new CredentialResolver(name => env.GetValueOrDefault(name)),
            Log = log,
            MaxRetries = maxRetries,
            RetryDelay = TimeSpan.FromMilliseconds(50),
        };
    }
}
