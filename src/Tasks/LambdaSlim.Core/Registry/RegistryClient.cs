using System.Net;
using System.Net.Http.Headers;
using System.Security.Authentication;
using System.Security.Cryptography;
using LambdaSlim.Core.Registry.Credentials;
using LambdaSlim.Core.Registry.Transport;

namespace LambdaSlim.Core.Registry;

/// <summary>
/// A client of one registry speaking the OCI distribution spec, with one method per protocol step. Connecting
/// pings <c>/v2/</c>, picks the scheme (HTTPS; HTTP only for loopback and DOTNET_CONTAINER_INSECURE_REGISTRIES)
/// and builds the handler chain the challenge calls for (none, Basic or Bearer). Methods here do one request
/// each and throw coded or transient errors; callers compose them into steps inside <see cref="Retry"/>.
/// </summary>
public sealed class RegistryClient : IDisposable
{
    private const int MaxManifestBytes = 4 * 1024 * 1024;

    private readonly HttpClient _http;
    private readonly RegistryOperation _context;

    private RegistryClient(string registry, Uri baseUri, HttpClient http, RegistryRetry retry, RegistryOperation context)
    {
        Registry = registry;
        BaseUri = baseUri;
        _http = http;
        Retry = retry;
        _context = context;
    }

    public string Registry { get; }

    /// <summary><c>https://host/</c> or, for insecure hosts, <c>http://host/</c>.</summary>
    public Uri BaseUri { get; }

    public RegistryRetry Retry { get; }

    /// <summary>Pings the registry and builds the authenticated transport for the given token scopes.</summary>
    public static async Task<RegistryClient> ConnectAsync(RegistryClientOptions options, string registry, RegistryMode mode,
        IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        var insecure = options.InsecureOrDefault;
        var allowsHttp = insecure.Allows(registry);
        var socket = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(30),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.None,
        };
        if (allowsHttp)
        {
            // Insecure registries often use self-signed certificates; the user opted in for this host only.
            socket.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }
        var retry = new RegistryRetry(options, registry);
        var context = new RegistryOperation(registry, scopes.Count > 0 ? RepositoryOf(scopes[0]) : "", "connecting")
        {
            EnvironmentHint = CredentialResolver.EnvironmentHint(mode),
            Access = mode == RegistryMode.Push ? "push and pull" : "pull",
        };
        try
        {
            var (baseUri, challenge) = await retry.ExecuteAsync($"connecting to {registry}",
                token => PingAsync(socket, registry, allowsHttp, options.Log, context, token), cancellationToken).ConfigureAwait(false);

            HttpMessageHandler chain = socket;
            if (challenge is not null)
            {
                var credential = await options.Credentials.ResolveAsync(registry, mode, cancellationToken).ConfigureAwait(false);
                context = context with { CredentialSource = credential?.Source ?? "none (anonymous)" };
                if (challenge.IsBasic)
                {
                    chain = new BasicAuthHandler(credential?.Credential ?? throw MissingCredentials(registry, mode), socket);
                }
                else if (challenge.IsBearer)
                {
                    chain = new BearerTokenHandler(challenge, credential, scopes, socket, context, insecure.Allows);
                }
                else
                {
                    throw new LambdaSlimException("LSLIM3001", $"{registry} asks for '{challenge.Scheme}' authentication, which is not supported (only Basic and Bearer are). Check the registry's configuration.");
                }
                options.Log.Detail($"{registry}: {challenge.Scheme} authentication, credentials from {context.CredentialSource}");
            }
            var http = new HttpClient(chain, disposeHandler: true) { BaseAddress = baseUri, Timeout = TimeSpan.FromMinutes(30) };
            http.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);
            return new RegistryClient(registry, baseUri, http, retry, context);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task<(Uri BaseUri, AuthChallenge? Challenge)> PingAsync(HttpMessageHandler socket, string registry, bool allowsHttp,
        IRegistryLog log, RegistryOperation context, CancellationToken cancellationToken)
    {
        using var invoker = new HttpMessageInvoker(socket, disposeHandler: false);
        var https = new Uri($"https://{registry}/");
        HttpResponseMessage response;
        var baseUri = https;
        try
        {
            response = await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(https, "v2/")), cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (allowsHttp)
        {
            log.Detail($"{registry}: HTTPS failed ({e.Message}); using plain HTTP (loopback or DOTNET_CONTAINER_INSECURE_REGISTRIES)");
            baseUri = new Uri($"http://{registry}/");
            response = await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(baseUri, "v2/")), cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (e.InnerException is AuthenticationException)
        {
            throw new LambdaSlimException("LSLIM3009",
                $"The TLS connection to {registry} failed ({e.InnerException.Message}). Fix the registry's certificate or trust its CA; for a test registry over plain HTTP, add it to {InsecureRegistries.Variable} (semicolon-separated host:port list).", e);
        }
        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                return (baseUri, null);
            }
            if (response.StatusCode == HttpStatusCode.Unauthorized && AuthChallenge.From(response.Headers) is { } challenge)
            {
                return (baseUri, challenge);
            }
            throw await RegistryErrors.FromResponseAsync(response, context with { Step = "checking the registry API (/v2/)" }, cancellationToken).ConfigureAwait(false);
        }
    }

    private static LambdaSlimException MissingCredentials(string registry, RegistryMode mode)
        => new("LSLIM3001",
            $"{registry} requires credentials and none were found. Run `docker login {registry}`, or set {CredentialResolver.EnvironmentHint(mode)}.");

    private static string RepositoryOf(string scope)
    {
        var parts = scope.Split(':');
        return parts.Length >= 3 ? parts[1] : scope;
    }

    /// <summary>The token scope for an access to a repository (<c>repository:NAME:pull,push</c>).</summary>
    public static string Scope(string repository, bool push) => $"repository:{repository}:{(push ? "pull,push" : "pull")}";

    // ---- blobs -------------------------------------------------------------------------------------------

    /// <summary>HEAD /v2/NAME/blobs/DIGEST: true when the registry already has the blob (nothing to send).</summary>
    public async Task<bool> BlobExistsAsync(string repository, string digest, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Head, $"v2/{repository}/blobs/{digest}"), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        await EnsureSuccessAsync(response, Op(repository, $"checking blob {digest}"), cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// POST /v2/NAME/blobs/uploads/?mount=DIGEST&amp;from=SOURCE: 201 when the registry linked the blob from the
    /// other repository; otherwise (202, a registry that does not mount) it returns the upload session to use.
    /// </summary>
    public async Task<(bool Mounted, Uri? Upload)> MountBlobAsync(string repository, string digest, string fromRepository, CancellationToken cancellationToken)
    {
        var path = $"v2/{repository}/blobs/uploads/?mount={Uri.EscapeDataString(digest)}&from={Uri.EscapeDataString(fromRepository)}";
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Post, path), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Created)
        {
            return (true, null);
        }
        await EnsureSuccessAsync(response, Op(repository, $"mounting blob {digest} from {fromRepository}"), cancellationToken).ConfigureAwait(false);
        return (false, Location(response));
    }

    /// <summary>POST /v2/NAME/blobs/uploads/: opens an upload session, returns its location.</summary>
    public async Task<Uri> StartUploadAsync(string repository, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Post, $"v2/{repository}/blobs/uploads/"), cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, Op(repository, "starting a blob upload"), cancellationToken).ConfigureAwait(false);
        return Location(response);
    }

    /// <summary>
    /// PATCH LOCATION with <c>Content-Range: START-END</c>: sends one chunk of the file, returns the next location.
    /// ECR answers 201 instead of the spec's 202, so any 2xx counts.
    /// </summary>
    public async Task<Uri> UploadChunkAsync(string repository, Uri location, string path, long offset, long length, Action<long> progress, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, location)
        {
            Content = new FileRangeContent(path, offset, length, progress),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        // The spec's (and registries') Content-Range is "START-END" inclusive, without the "bytes " unit.
        request.Content.Headers.TryAddWithoutValidation("Content-Range", $"{offset}-{offset + length - 1}");
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, Op(repository, $"uploading bytes {offset}-{offset + length - 1}"), cancellationToken).ConfigureAwait(false);
        return Location(response);
    }

    /// <summary>
    /// PUT LOCATION?digest=DIGEST: closes the session, with the whole blob as body (monolithic) or with none after
    /// PATCHes; checks the registry's Docker-Content-Digest.
    /// </summary>
    public async Task CompleteUploadAsync(string repository, Uri location, string digest, HttpContent? body, CancellationToken cancellationToken)
    {
        var builder = new UriBuilder(location);
        var query = builder.Query.TrimStart('?');
        builder.Query = (query.Length > 0 ? query + "&" : "") + "digest=" + Uri.EscapeDataString(digest);
        var request = new HttpRequestMessage(HttpMethod.Put, builder.Uri) { Content = body ?? new ByteArrayContent([]) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, Op(repository, $"committing blob {digest}"), cancellationToken).ConfigureAwait(false);
        VerifyDigestHeader(response, digest, $"blob upload to {repository}");
    }

    /// <summary>GET /v2/NAME/blobs/DIGEST into <paramref name="destination"/>, hashing as it streams; the file appears only when complete and verified.</summary>
    public async Task DownloadBlobAsync(string repository, string digest, string destination, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, $"v2/{repository}/blobs/{digest}"), cancellationToken, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        await EnsureSuccessAsync(response, Op(repository, $"downloading blob {digest}"), cancellationToken).ConfigureAwait(false);
        var temporary = destination + "." + Guid.NewGuid().ToString("N")[..8] + ".partial";
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false))
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 256 * 1024, useAsync: true))
            {
                var buffer = new byte[256 * 1024];
                int read;
                while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
            }
            var actual = "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
            if (actual != digest)
            {
                throw new LambdaSlimException("LSLIM3007", $"The blob {digest} downloaded from {Registry}/{repository} has digest {actual}. The registry or a proxy altered it: run the build again, and check any proxy between you and the registry.");
            }
            File.Move(temporary, destination, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    // ---- manifests ---------------------------------------------------------------------------------------

    /// <summary>PUT /v2/NAME/manifests/REFERENCE with the manifest's raw bytes; checks the Docker-Content-Digest answer.</summary>
    public async Task PutManifestAsync(string repository, string reference, byte[] manifest, string mediaType, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"v2/{repository}/manifests/{reference}") { Content = new ByteArrayContent(manifest) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, Op(repository, $"pushing manifest {reference}"), cancellationToken).ConfigureAwait(false);
        VerifyDigestHeader(response, Digests.Of(manifest), $"manifest {repository}:{reference}");
    }

    /// <summary>GET /v2/NAME/manifests/REFERENCE accepting OCI and Docker indexes and manifests; the bytes are checked against their digest.</summary>
    public async Task<ManifestBytes> GetManifestAsync(string repository, string reference, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"v2/{repository}/manifests/{reference}");
        foreach (var type in MediaTypes.AcceptedManifestTypes)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        }
        using var response = await SendAsync(request, cancellationToken, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        await EnsureSuccessAsync(response, Op(repository, $"reading manifest {reference}") with { Reference = reference, IsManifestRead = true }, cancellationToken).ConfigureAwait(false);
        if (response.Content.Headers.ContentLength > MaxManifestBytes)
        {
            throw new LambdaSlimException("LSLIM3015", $"The manifest {Registry}/{repository}:{reference} is larger than {MaxManifestBytes / 1024 / 1024} MiB, which no real manifest is. Check the image reference.");
        }
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var digest = Digests.Of(bytes);
        if (Digests.IsValid(reference) && reference != digest)
        {
            throw new LambdaSlimException("LSLIM3007", $"The manifest {Registry}/{repository}@{reference} arrived with digest {digest}. The registry or a proxy altered it: run the build again.");
        }
        VerifyDigestHeader(response, digest, $"manifest {repository}:{reference}");
        var mediaType = ManifestContent.MediaTypeOf(bytes, response.Content.Headers.ContentType?.MediaType);
        return new ManifestBytes(bytes, mediaType, digest);
    }

    // ---- plumbing ----------------------------------------------------------------------------------------

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        using (request)
        {
            return await _http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        }
    }

    private RegistryOperation Op(string repository, string step) => _context with { Repository = repository, Step = step };

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, RegistryOperation operation, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw await RegistryErrors.FromResponseAsync(response, operation, cancellationToken).ConfigureAwait(false);
        }
    }

    private Uri Location(HttpResponseMessage response)
    {
        var location = response.Headers.Location
            ?? throw new LambdaSlimException("LSLIM3015", $"{Registry} opened an upload without a Location header. The registry does not follow the OCI distribution spec.");
        return location.IsAbsoluteUri ? location : new Uri(BaseUri, location);
    }

    private void VerifyDigestHeader(HttpResponseMessage response, string expected, string what)
    {
        if (response.Headers.TryGetValues("Docker-Content-Digest", out var values))
        {
            var actual = values.FirstOrDefault();
            if (!string.IsNullOrEmpty(actual) && actual != expected)
            {
                throw new LambdaSlimException("LSLIM3007", $"{Registry} reports digest {actual} for the {what}, but we sent {expected}. The registry or a proxy altered the content: run the push again, and check any proxy on the way.");
            }
        }
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>A manifest or index as the registry sent it: the raw bytes, their media type and digest.</summary>
public sealed record ManifestBytes(byte[] Bytes, string MediaType, string Digest);
