using System.Text;
using System.Text.Json;

namespace LambdaSlim.Core.Registry.Credentials;

/// <summary>
/// Credentials from docker's config file (<c>$DOCKER_CONFIG/config.json</c>, else <c>~/.docker/config.json</c>),
/// in docker's own order: <c>credHelpers[registry]</c>, then <c>credsStore</c>, then <c>auths[registry]</c>
/// (<c>auth</c> = base64 "user:password", or <c>username</c>/<c>password</c>, or <c>identitytoken</c>).
/// </summary>
public static class DockerConfigCredentials
{
    // Docker Hub's entries are keyed by its v1 index URL, whatever host name the reference used.
    private const string DockerHubKey = "https://index.docker.io/v1/";

    public static string? ConfigPath(Func<string, string?> environment)
    {
        var directory = environment("DOCKER_CONFIG");
        if (string.IsNullOrEmpty(directory))
        {
            var home = environment("HOME");
            if (string.IsNullOrEmpty(home))
            {
                return null;
            }
            directory = Path.Combine(home, ".docker");
        }
        var path = Path.Combine(directory, "config.json");
        return File.Exists(path) ? path : null;
    }

    public static async Task<ResolvedCredential?> FindAsync(string registry, Func<string, string?> environment, CancellationToken cancellationToken)
    {
        var path = ConfigPath(environment);
        if (path is null)
        {
            return null;
        }
        using var document = Read(path);
        var root = document.RootElement;
        var key = NormaliseHost(registry);
        var serverUrl = key == "index.docker.io" ? DockerHubKey : registry;

        if (root.TryGetProperty("credHelpers", out var helpers) && helpers.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in helpers.EnumerateObject())
            {
                if (NormaliseHost(entry.Name) == key && entry.Value.ValueKind == JsonValueKind.String)
                {
                    var name = entry.Value.GetString()!;
                    var fromHelper = await CredentialHelper.GetAsync(name, serverUrl, environment, cancellationToken).ConfigureAwait(false);
                    return fromHelper is null ? null : new ResolvedCredential(fromHelper, $"credential helper docker-credential-{name} (credHelpers in {path})");
                }
            }
        }
        if (root.TryGetProperty("credsStore", out var store) && store.ValueKind == JsonValueKind.String && !string.IsNullOrEmpty(store.GetString()))
        {
            var name = store.GetString()!;
            var fromStore = await CredentialHelper.GetAsync(name, serverUrl, environment, cancellationToken).ConfigureAwait(false);
            if (fromStore is not null)
            {
                return new ResolvedCredential(fromStore, $"credential store docker-credential-{name} (credsStore in {path})");
            }
        }
        if (root.TryGetProperty("auths", out var auths) && auths.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in auths.EnumerateObject())
            {
                if (NormaliseHost(entry.Name) == key && entry.Value.ValueKind == JsonValueKind.Object
                    && FromAuthEntry(entry.Value, path) is { } credential)
                {
                    return new ResolvedCredential(credential, $"auths[\"{entry.Name}\"] in {path}");
                }
            }
        }
        return null;
    }

    /// <summary>The host (and port) a config key names: keys may carry a scheme and a path (<c>https://host/v1/</c>).</summary>
    public static string NormaliseHost(string key)
    {
        var host = key;
        var scheme = host.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            host = host[(scheme + 3)..];
        }
        var slash = host.IndexOf('/');
        if (slash >= 0)
        {
            host = host[..slash];
        }
        host = host.ToLowerInvariant();
        return host is "docker.io" or "registry-1.docker.io" or "index.docker.io" ? "index.docker.io" : host;
    }

    private static RegistryCredential? FromAuthEntry(JsonElement entry, string path)
    {
        string? Get(string name) => entry.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        var identityToken = Get("identitytoken");
        if (!string.IsNullOrEmpty(identityToken))
        {
            return new RegistryCredential(RegistryCredential.IdentityTokenUsername, identityToken);
        }
        var auth = Get("auth");
        if (!string.IsNullOrEmpty(auth))
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(auth));
            }
            catch (FormatException)
            {
                throw new LambdaSlimException("LSLIM3012", $"An 'auth' entry in {path} is not valid base64. Run `docker login` again to rewrite it.");
            }
            var colon = decoded.IndexOf(':');
            if (colon <= 0)
            {
                throw new LambdaSlimException("LSLIM3012", $"An 'auth' entry in {path} does not decode to user:password. Run `docker login` again to rewrite it.");
            }
            return new RegistryCredential(decoded[..colon], decoded[(colon + 1)..]);
        }
        var user = Get("username");
        var password = Get("password");
        return !string.IsNullOrEmpty(user) && !string.IsNullOrEmpty(password) ? new RegistryCredential(user, password) : null;
    }

    private static JsonDocument Read(string path)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException)
        {
            // The parser's message can quote the file's content, which holds secrets: it is not repeated.
            throw new LambdaSlimException("LSLIM3012", $"The docker config {path} is not valid JSON. Fix or delete it, then run `docker login` again.");
        }
    }
}
