using System.Net;
using System.Text.Json;

namespace LambdaSlim.Core.Registry;

/// <summary>One entry of a registry's JSON error body (<c>{"errors":[{"code","message","detail"}]}</c>, distribution spec).</summary>
public sealed record RegistryErrorEntry(string Code, string Message);

/// <summary>
/// A failure that may pass if the step is tried again (5xx, 429, a dropped connection). The retry pipeline
/// retries it; when the attempts run out the <see cref="Final"/> coded error is what the user sees.
/// </summary>
public sealed class TransientRegistryException(LambdaSlimException final, Exception? inner = null)
    : Exception(final.Message, inner)
{
    public LambdaSlimException Final { get; } = final;
}

/// <summary>
/// Turns an unsuccessful registry response into a coded error that says what to check. The registry's own
/// error codes (NAME_UNKNOWN, DENIED, …) take precedence over the HTTP status when they are more precise.
/// </summary>
public static class RegistryErrors
{
    public static IReadOnlyList<RegistryErrorEntry> ParseBody(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                return errors.EnumerateArray()
                    .Where(e => e.ValueKind == JsonValueKind.Object)
                    .Select(e => new RegistryErrorEntry(
                        e.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : "",
                        e.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : ""))
                    .ToList();
            }
        }
        catch (JsonException)
        {
            // Proxies and load balancers answer with HTML or plain text: the status code is all we have.
        }
        return [];
    }

    /// <summary>Reads the body of a failed response and returns the exception to throw (transient or final).</summary>
    public static async Task<Exception> FromResponseAsync(HttpResponseMessage response, RegistryOperation operation, CancellationToken cancellationToken)
    {
        string body;
        try
        {
            body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            body = "";
        }
        return FromStatus(response.StatusCode, ParseBody(body), operation);
    }

    public static Exception FromStatus(HttpStatusCode status, IReadOnlyList<RegistryErrorEntry> errors, RegistryOperation operation)
    {
        var codes = errors.Select(e => e.Code).ToHashSet(StringComparer.Ordinal);
        var said = errors.Count == 0
            ? $"HTTP {(int)status}"
            : $"HTTP {(int)status}: " + string.Join("; ", errors.Select(e => string.IsNullOrEmpty(e.Message) ? e.Code : $"{e.Code} {e.Message}"));
        var where = $"{operation.Registry}/{operation.Repository}";

        if (codes.Contains("NAME_UNKNOWN"))
        {
            return new LambdaSlimException("LSLIM3003",
                $"The repository '{operation.Repository}' does not exist on {operation.Registry} ({said}) while {operation.Step}. Check ContainerRepository, or create the repository first (on ECR, LambdaEcrCreateRepository=true does it).");
        }
        if (codes.Contains("MANIFEST_UNKNOWN") || (status == HttpStatusCode.NotFound && operation.IsManifestRead))
        {
            return new LambdaSlimException("LSLIM3004",
                $"The image {where}:{operation.Reference} was not found ({said}). Check the tag or digest of LambdaBaseImage and that the image exists.");
        }
        if (status == HttpStatusCode.Unauthorized || codes.Contains("UNAUTHORIZED"))
        {
            return new LambdaSlimException("LSLIM3001",
                $"{operation.Registry} rejected the credentials ({said}) while {operation.Step}. Credentials used: {operation.CredentialSource}. Check them: run `docker login {operation.Registry}` or set {operation.EnvironmentHint}.");
        }
        if (status == HttpStatusCode.Forbidden || codes.Contains("DENIED"))
        {
            return new LambdaSlimException("LSLIM3002",
                $"{operation.Registry} denied access to '{operation.Repository}' ({said}) while {operation.Step}. The credentials ({operation.CredentialSource}) were accepted but lack permission: grant {operation.Access} on that repository, or check ContainerRepository.");
        }
        if (status == HttpStatusCode.TooManyRequests || codes.Contains("TOOMANYREQUESTS"))
        {
            return new TransientRegistryException(new LambdaSlimException("LSLIM3006",
                $"{operation.Registry} kept rate-limiting requests ({said}) while {operation.Step}. Wait and run the build again, or authenticate to get a higher limit."));
        }
        if ((int)status >= 500)
        {
            return new TransientRegistryException(new LambdaSlimException("LSLIM3006",
                $"{operation.Registry} kept failing with a server error ({said}) while {operation.Step}, after several attempts. Check the registry's health and run the build again: blobs already pushed are not sent twice."));
        }
        return new LambdaSlimException("LSLIM3015",
            $"{operation.Registry} refused a request ({said}) while {operation.Step} for {where}. Check that the registry supports the OCI distribution API and that the image is valid.");
    }
}

/// <summary>What a request was for, so an error can say what to check.</summary>
public sealed record RegistryOperation(string Registry, string Repository, string Step)
{
    public string? Reference { get; init; }

    public bool IsManifestRead { get; init; }

    /// <summary>A description of where the credentials came from (never the credentials).</summary>
    public string CredentialSource { get; init; } = "none (anonymous)";

    public string EnvironmentHint { get; init; } = "DOTNET_CONTAINER_PUSH_REGISTRY_UNAME and DOTNET_CONTAINER_PUSH_REGISTRY_PWORD";

    public string Access { get; init; } = "push";
}
