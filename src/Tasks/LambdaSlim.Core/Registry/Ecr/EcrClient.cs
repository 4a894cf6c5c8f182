using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Polly;

namespace LambdaSlim.Core.Registry.Ecr;

/// <summary>
/// The three Amazon ECR API calls a push needs, spoken directly (AWSSDK.ECR is not available to us): each is a
/// SigV4-signed <c>POST /</c> in AWS's JSON 1.1 protocol, with the operation in <c>X-Amz-Target</c>
/// (<c>AmazonEC2ContainerRegistry_V20150921.&lt;Action&gt;</c>) and a JSON body.
/// <list type="bullet">
/// <item><see cref="GetAuthorizationTokenAsync"/>: the registry password (ECR hands out base64 "AWS:password",
///   valid 12 hours), cached until shortly before it expires;</item>
/// <item><see cref="RepositoryExistsAsync"/>: DescribeRepositories for one name;</item>
/// <item><see cref="CreateRepositoryAsync"/>: CreateRepository, tolerating one created meanwhile by someone else.</item>
/// </list>
/// Throttling, 5xx and connection failures are retried with backoff and jitter; everything else becomes a
/// coded LSLIM35xx error. No key, session token or registry password ever reaches a log line or a message.
/// </summary>
public sealed class EcrClient : IDisposable
{
    public const string TargetPrefix = "AmazonEC2ContainerRegistry_V20150921.";
    public const string JsonContentType = "application/x-amz-json-1.1";
    public const string SigningService = "ecr";

    /// <summary>A cached token is replaced this long before it expires, so a long push never starts with a dying one.</summary>
    private static readonly TimeSpan TokenRefreshMargin = TimeSpan.FromMinutes(5);

    private readonly EcrClientOptions _options;
    private readonly IAwsCredentialSource _credentials;
    private readonly AwsSdkCredentialChain? _ownedChain;
    private readonly HttpClient _http;
    private readonly ResiliencePipeline _retry;
    private readonly SemaphoreSlim _tokenGate = new(1, 1);
    // A reference, so readers outside the gate see a whole token or none (a struct tuple could tear).
    private volatile CachedToken? _token;

    private sealed record CachedToken(RegistryCredential Credential, DateTimeOffset ExpiresAt);

    /// <summary>A client for a region's regular endpoint (or the AWS_ENDPOINT_URL_ECR / AWS_ENDPOINT_URL override).</summary>
    public EcrClient(string region, EcrClientOptions? options = null)
        : this(region, EcrRegistryHost.ApiEndpointFor(region), registryId: null, options)
    {
    }

    /// <summary>
    /// A client for the registry's own API endpoint (its partition, FIPS and dual-stack flavour); repository calls
    /// name the registry's account, so a registry of another account works where its policies allow.
    /// </summary>
    public EcrClient(EcrRegistryHost registry, EcrClientOptions? options = null)
        : this(registry.Region, registry.ApiEndpoint, registry.Account, options)
    {
    }

    private EcrClient(string region, Uri regionalEndpoint, string? registryId, EcrClientOptions? options)
    {
        _options = options ?? new EcrClientOptions();
        Region = region;
        RegistryId = registryId;
        Endpoint = EcrEndpoint.Resolve(regionalEndpoint, _options.Environment);
        if (_options.Credentials is null)
        {
            _ownedChain = new AwsSdkCredentialChain();
        }
        _credentials = _options.Credentials ?? _ownedChain!;
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = _options.RequestTimeout,
        };
        _http.DefaultRequestHeaders.UserAgent.TryParseAdd(_options.UserAgent);
        _retry = BackoffPipeline.Build(_options.MaxRetries, _options.RetryDelay, e => e is EcrTransientException,
            (delay, _, error) => $"Amazon ECR: retrying in {delay.TotalSeconds:0.0} s after: {error?.Message}", _options.Log);
    }

    /// <summary>The signing region.</summary>
    public string Region { get; }

    /// <summary>The account named in repository calls (null: the caller's own account).</summary>
    public string? RegistryId { get; }

    /// <summary>Where the calls go and why (regional endpoint or which variable overrode it).</summary>
    public EcrEndpoint Endpoint { get; }

    /// <summary>
    /// The registry credential from GetAuthorizationToken: user "AWS" and the token's password. Cached until
    /// five minutes before ECR's <c>expiresAt</c>; concurrent callers share one request.
    /// </summary>
    public async Task<RegistryCredential> GetAuthorizationTokenAsync(CancellationToken cancellationToken)
    {
        if (ValidToken() is { } cached)
        {
            return cached;
        }
        await _tokenGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (ValidToken() is { } fresh)
            {
                return fresh;
            }
            var answer = await CallAsync("GetAuthorizationToken", writer => { }, repository: null, tolerated: null, cancellationToken).ConfigureAwait(false);
            using var document = answer.Document!;
            var (credential, expiresAt) = ReadToken(document.RootElement);
            _token = new CachedToken(credential, expiresAt);
            _options.Log.Detail($"Amazon ECR: got a registry token for region {Region}, valid until {expiresAt.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)}.");
            return credential;
        }
        finally
        {
            _tokenGate.Release();
        }
    }

    /// <summary>True when the repository exists in the registry (DescribeRepositories; RepositoryNotFoundException is false).</summary>
    public async Task<bool> RepositoryExistsAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var answer = await CallAsync("DescribeRepositories", writer =>
        {
            WriteRegistryId(writer);
            writer.WriteStartArray("repositoryNames");
            writer.WriteStringValue(name);
            writer.WriteEndArray();
        }, name, tolerated: "RepositoryNotFoundException", cancellationToken).ConfigureAwait(false);
        using var document = answer.Document;
        return document is not null;
    }

    /// <summary>
    /// Creates the repository (tag mutability and scan-on-push from the options). A repository that appeared
    /// meanwhile (RepositoryAlreadyExistsException: two builds racing) counts as success.
    /// </summary>
    public async Task CreateRepositoryAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var answer = await CallAsync("CreateRepository", writer =>
        {
            WriteRegistryId(writer);
            writer.WriteString("repositoryName", name);
            writer.WriteString("imageTagMutability", _options.ImageTagMutability);
            if (_options.ScanOnPush is { } scanOnPush)
            {
                writer.WriteStartObject("imageScanningConfiguration");
                writer.WriteBoolean("scanOnPush", scanOnPush);
                writer.WriteEndObject();
            }
        }, name, tolerated: "RepositoryAlreadyExistsException", cancellationToken).ConfigureAwait(false);
        using var document = answer.Document;
        _options.Log.Info(document is null
            ? $"Amazon ECR: repository '{name}' already exists (created meanwhile)."
            : $"Amazon ECR: created repository '{name}'{(RegistryId is null ? "" : $" in registry {RegistryId}")} ({Region}).");
    }

    private RegistryCredential? ValidToken()
        => _token is { } token && _options.TimeProvider.GetUtcNow() < token.ExpiresAt - TokenRefreshMargin ? token.Credential : null;

    private void WriteRegistryId(Utf8JsonWriter writer)
    {
        if (RegistryId is not null)
        {
            writer.WriteString("registryId", RegistryId);
        }
    }

    /// <summary>authorizationData[0]: authorizationToken = base64("AWS:password"), expiresAt = Unix seconds.</summary>
    private (RegistryCredential, DateTimeOffset) ReadToken(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Object
            && root.TryGetProperty("authorizationData", out var data) && data.ValueKind == JsonValueKind.Array && data.GetArrayLength() > 0
            && data[0].ValueKind == JsonValueKind.Object
            && data[0].TryGetProperty("authorizationToken", out var tokenElement) && tokenElement.ValueKind == JsonValueKind.String)
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(tokenElement.GetString()!));
            }
            catch (FormatException)
            {
                throw Malformed("GetAuthorizationToken", "the authorizationToken is not base64");
            }
            var colon = decoded.IndexOf(':');
            if (colon <= 0 || colon == decoded.Length - 1)
            {
                throw Malformed("GetAuthorizationToken", "the decoded authorizationToken is not USER:PASSWORD");
            }
            // Without an expiry the token is used once and asked for again next time.
            var expiresAt = data[0].TryGetProperty("expiresAt", out var expires) && expires.ValueKind == JsonValueKind.Number
                ? DateTimeOffset.UnixEpoch.AddSeconds(expires.GetDouble())
                : _options.TimeProvider.GetUtcNow();
            return (new RegistryCredential(decoded[..colon], decoded[(colon + 1)..]), expiresAt);
        }
        throw Malformed("GetAuthorizationToken", "there is no authorizationData[0].authorizationToken");
    }

    private LambdaSlimException Malformed(string action, string problem) => new("LSLIM3510",
        $"The ECR API at {Endpoint.Uri} ({Endpoint.Source}) gave an answer to {action} that is not ECR's ({problem}). Check that it is the ECR API: unset or correct AWS_ENDPOINT_URL_ECR / AWS_ENDPOINT_URL.");

    /// <summary>A successful answer's JSON, or null when the call ended with the one error code the caller expects.</summary>
    private sealed record Answer(JsonDocument? Document);

    private async Task<Answer> CallAsync(string action, Action<Utf8JsonWriter> writeBody, string? repository, string? tolerated, CancellationToken cancellationToken)
    {
        var body = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartObject();
            writeBody(writer);
            writer.WriteEndObject();
        }
        var payload = body.WrittenMemory.ToArray();
        _options.Log.Detail($"Amazon ECR: {action}{(repository is null ? "" : $" '{repository}'")} at {Endpoint.Uri} ({Endpoint.Source}).");
        try
        {
            return await _retry.ExecuteAsync(
                async token => await SendOnceAsync(action, payload, repository, tolerated, token).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
        }
        catch (EcrTransientException e)
        {
            throw e.Final;
        }
    }

    private async Task<Answer> SendOnceAsync(string action, byte[] payload, string? repository, string? tolerated, CancellationToken cancellationToken)
    {
        var keys = await _credentials.GetCredentialsAsync(cancellationToken).ConfigureAwait(false);
        var call = new EcrCallContext(action, Endpoint.Uri, Region, _credentials.Description, repository);
        using var request = BuildSignedRequest(action, payload, keys);

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new EcrTransientException(new LambdaSlimException("LSLIM3506",
                $"Cannot reach the ECR API at {Endpoint.Uri} ({Endpoint.Source}) for {action}: {(e is TaskCanceledException ? $"no answer within {_options.RequestTimeout.TotalSeconds:0} s" : e.Message)}. Check the network, proxy settings (HTTPS_PROXY), the registry's region, and AWS_ENDPOINT_URL_ECR / AWS_ENDPOINT_URL if set.", e), e);
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                try
                {
                    return new Answer(JsonDocument.Parse(text.Length == 0 ? "{}" : text));
                }
                catch (JsonException)
                {
                    throw Malformed(action, "the body is not JSON");
                }
            }
            var errorType = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.FirstOrDefault() : null;
            var error = EcrErrors.Parse(response.StatusCode, errorType, text);
            if (tolerated is not null && error.Code == tolerated)
            {
                return new Answer(null);
            }
            throw EcrErrors.ToException(error, call, [keys.SecretAccessKey, keys.SessionToken, _token?.Credential.Password]);
        }
    }

    /// <summary>
    /// POST / with exactly the headers that are signed: content-type, host, x-amz-date, x-amz-target and, for
    /// temporary credentials, x-amz-security-token.
    /// </summary>
    private HttpRequestMessage BuildSignedRequest(string action, byte[] payload, AwsSigningCredentials keys)
    {
        var uri = Endpoint.Uri;
        var now = _options.TimeProvider.GetUtcNow();
        var amzDate = SigV4Signer.FormatAmzDate(now);
        var host = uri.IsDefaultPort ? uri.IdnHost : $"{uri.IdnHost}:{uri.Port}";
        var target = TargetPrefix + action;

        var signed = new List<KeyValuePair<string, string>>
        {
            new("Content-Type", JsonContentType),
            new("Host", host),
            new("X-Amz-Date", amzDate),
            new("X-Amz-Target", target),
        };
        if (keys.SessionToken is not null)
        {
            signed.Add(new("X-Amz-Security-Token", keys.SessionToken));
        }
        var signature = SigV4Signer.Sign(new SigV4Request("POST", uri, signed, payload), keys, Region, SigningService, now);

        var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = new ByteArrayContent(payload),
        };
        // Set as-is: HttpClient would otherwise add "; charset=utf-8", which is not what was signed.
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(JsonContentType);
        request.Headers.Host = host;
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        if (keys.SessionToken is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", keys.SessionToken);
        }
        request.Headers.TryAddWithoutValidation("Authorization", signature.Authorization);
        return request;
    }

    public void Dispose()
    {
        _http.Dispose();
        _tokenGate.Dispose();
        _ownedChain?.Dispose();
    }
}
