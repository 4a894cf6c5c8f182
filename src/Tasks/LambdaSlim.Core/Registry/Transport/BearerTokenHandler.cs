using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using LambdaSlim.Core.Registry.Credentials;

namespace LambdaSlim.Core.Registry.Transport;

/// <summary>
/// The distribution token flow: chosen when the registry's challenge is <c>Bearer realm=…,service=…</c>.
/// Gets a token from the realm for the scopes needed (Basic credentials if any, else anonymous; an identity
/// token is exchanged with the OAuth2 refresh-token grant), caches it per scope set, sends it as
/// <c>Authorization: Bearer</c>, and on a 401 whose challenge names other scopes fetches a token for those
/// and repeats the request once (only requests whose body can be sent again).
/// </summary>
public sealed class BearerTokenHandler : DelegatingHandler
{
    private readonly AuthChallenge _challenge;
    private readonly ResolvedCredential? _credential;
    private readonly IReadOnlyList<string> _scopes;
    private readonly HttpMessageInvoker _tokenClient;
    private readonly RegistryOperation _operation;
    private readonly ConcurrentDictionary<string, string> _tokens = new(StringComparer.Ordinal);
    private volatile string? _current;

    public BearerTokenHandler(AuthChallenge challenge, ResolvedCredential? credential, IReadOnlyList<string> scopes,
        HttpMessageHandler inner, RegistryOperation operation, Func<string, bool> insecureAllowed)
        : base(inner)
    {
        _challenge = challenge;
        _credential = credential;
        _scopes = scopes;
        _operation = operation;
        if (!Uri.TryCreate(challenge.Realm, UriKind.Absolute, out var realm)
            || (realm.Scheme != Uri.UriSchemeHttps && !(realm.Scheme == Uri.UriSchemeHttp && insecureAllowed(realm.Authority))))
        {
            throw new LambdaSlimException("LSLIM3013",
                $"{operation.Registry} asks for a token from '{challenge.Realm}', which is not an HTTPS URL. Credentials are only sent over HTTPS (or to hosts listed in DOTNET_CONTAINER_INSECURE_REGISTRIES): check the registry's token realm.");
        }
        _tokenClient = new HttpMessageInvoker(inner, disposeHandler: false);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _current ??= await TokenAsync(_scopes, refresh: false, cancellationToken).ConfigureAwait(false);
        var used = _current;
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", used);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized || !CanResend(request.Content))
        {
            return response;
        }
        var challenge = AuthChallenge.From(response.Headers);
        if (challenge is null || !challenge.IsBearer)
        {
            return response;
        }
        // The token may have expired, or this request needs another repository's scope (a cross-repository mount).
        var scopes = _scopes.Union(challenge.Scopes).ToList();
        var fresh = await TokenAsync(scopes, refresh: true, cancellationToken).ConfigureAwait(false);
        if (fresh == used)
        {
            return response;
        }
        response.Dispose();
        _current = fresh;
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fresh);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    // File ranges reopen the file on each send, so an upload whose token expired mid-push can be repeated too.
    private static bool CanResend(HttpContent? content) => content is null or ByteArrayContent or FileRangeContent;

    private async Task<string> TokenAsync(IReadOnlyList<string> scopes, bool refresh, CancellationToken cancellationToken)
    {
        var key = string.Join(' ', scopes.Order(StringComparer.Ordinal));
        if (!refresh && _tokens.TryGetValue(key, out var cached))
        {
            return cached;
        }
        using var request = BuildTokenRequest(scopes);
        using var response = await _tokenClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new LambdaSlimException("LSLIM3001",
                $"The token service of {_operation.Registry} rejected the credentials (HTTP {(int)response.StatusCode}). Credentials used: {_credential?.Source ?? "none (anonymous)"}. Check them: run `docker login {_operation.Registry}` or set {_operation.EnvironmentHint}.");
        }
        if (!response.IsSuccessStatusCode)
        {
            var failure = new LambdaSlimException("LSLIM3013",
                $"The token service of {_operation.Registry} ({_challenge.Realm}) answered HTTP {(int)response.StatusCode}. Check the registry's authentication service.");
            if ((int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                throw new TransientRegistryException(failure);
            }
            throw failure;
        }
        var token = ParseToken(await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
        _tokens[key] = token;
        return token;
    }

    private HttpRequestMessage BuildTokenRequest(IReadOnlyList<string> scopes)
    {
        var service = _challenge.Service;
        var credential = _credential?.Credential;
        if (credential is not null && credential.Username == RegistryCredential.IdentityTokenUsername)
        {
            var form = new List<KeyValuePair<string, string>>
            {
                new("grant_type", "refresh_token"),
                new("refresh_token", credential.Password),
                new("client_id", "lambdaslim"),
            };
            if (service is not null)
            {
                form.Add(new("service", service));
            }
            if (scopes.Count > 0)
            {
                form.Add(new("scope", string.Join(' ', scopes)));
            }
            return new HttpRequestMessage(HttpMethod.Post, _challenge.Realm) { Content = new FormUrlEncodedContent(form) };
        }
        var query = new List<string>();
        if (service is not null)
        {
            query.Add("service=" + Uri.EscapeDataString(service));
        }
        query.AddRange(scopes.Select(s => "scope=" + Uri.EscapeDataString(s)));
        var builder = new UriBuilder(_challenge.Realm!);
        builder.Query = string.Join('&', new[] { builder.Query.TrimStart('?') }.Where(q => q.Length > 0).Concat(query));
        var get = new HttpRequestMessage(HttpMethod.Get, builder.Uri);
        if (credential is not null)
        {
            get.Headers.Authorization = BasicAuthHandler.Header(credential);
        }
        return get;
    }

    private string ParseToken(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            foreach (var name in new[] { "token", "access_token" })
            {
                if (document.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrEmpty(value.GetString()))
                {
                    return value.GetString()!;
                }
            }
        }
        catch (JsonException)
        {
            // Reported below without quoting the body, which would hold the token if it were only malformed.
        }
        throw new LambdaSlimException("LSLIM3013",
            $"The token service of {_operation.Registry} ({_challenge.Realm}) did not answer with JSON holding 'token' or 'access_token'. Check the registry's authentication service.");
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _tokenClient.Dispose();
        }
        base.Dispose(disposing);
    }
}
