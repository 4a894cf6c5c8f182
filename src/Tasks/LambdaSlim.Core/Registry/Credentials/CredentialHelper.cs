using System.Diagnostics;
using System.Text.Json;

namespace LambdaSlim.Core.Registry.Credentials;

/// <summary>
/// Runs a docker credential helper (<c>docker-credential-NAME get</c>, server URL on stdin, JSON
/// <c>{"Username","Secret"}</c> on stdout), the protocol of docker/docker-credential-helpers.
/// </summary>
public static class CredentialHelper
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Returns null when the helper answers that it has no credentials for this server.</summary>
    public static async Task<RegistryCredential?> GetAsync(string helperName, string serverUrl, Func<string, string?> environment, CancellationToken cancellationToken)
    {
        var executable = FindOnPath("docker-credential-" + helperName, environment("PATH"))
            ?? throw new LambdaSlimException("LSLIM3011",
                $"The docker config names the credential helper '{helperName}', but docker-credential-{helperName} is not on PATH. Install it, or remove it from credHelpers/credsStore in the docker config.");

        var start = new ProcessStartInfo(executable, "get")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(serverUrl).ConfigureAwait(false);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new LambdaSlimException("LSLIM3011", $"The credential helper docker-credential-{helperName} did not answer within {Timeout.TotalSeconds:0} s. Check that it does not wait for interactive input.");
        }
        var output = await stdout.ConfigureAwait(false);
        var error = (await stderr.ConfigureAwait(false)) + output;
        if (process.ExitCode != 0)
        {
            // The helpers' protocol: this exact text means "no entry", which is not an error.
            if (error.Contains("credentials not found", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }
            throw new LambdaSlimException("LSLIM3011",
                $"The credential helper docker-credential-{helperName} failed (exit code {process.ExitCode}) for {serverUrl}. Run `echo {serverUrl} | docker-credential-{helperName} get` to see why, or log in again.");
        }
        return Parse(output, helperName);
    }

    private static RegistryCredential Parse(string output, string helperName)
    {
        try
        {
            using var document = JsonDocument.Parse(output);
            var root = document.RootElement;
            var user = root.TryGetProperty("Username", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
            var secret = root.TryGetProperty("Secret", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            if (!string.IsNullOrEmpty(user) && !string.IsNullOrEmpty(secret))
            {
                return new RegistryCredential(user, secret);
            }
        }
        catch (JsonException)
        {
            // Falls through to the error below; the output itself may hold a secret, so it is not quoted.
        }
        throw new LambdaSlimException("LSLIM3011", $"The credential helper docker-credential-{helperName} did not print JSON with Username and Secret. Check the helper's version.");
    }

    private static string? FindOnPath(string name, string? path)
    {
        foreach (var directory in (path ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }
}
