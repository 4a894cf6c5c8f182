using LambdaSlim.Tests.Shared;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LambdaSlim.Core.Tests.Registry.Support;

/// <summary>
/// A token service for docker-registry's <c>auth: token</c> mode, on 127.0.0.1: checks Basic credentials and
/// issues RS256 JWTs granting the requested scopes. docker-registry 2.8 finds the signing key through the JWT
/// header's <c>x5c</c> chain, which must lead to a certificate of its <c>rootcertbundle</c> (here the same
/// self-signed certificate), per distribution's token spec.
/// </summary>
internal sealed class TokenService : IDisposable
{
    public const string Service = "lambdaslim-test-registry";
    public const string Issuer = "lambdaslim-test-issuer";

    private readonly HttpListener _listener = new();
    private readonly RSA _key = RSA.Create(2048);
    private readonly X509Certificate2 _certificate;
    private readonly string _user;
    private readonly string _password;
    private int _requests;

    public TokenService(string user, string password)
    {
        _user = user;
        _password = password;
        var request = new CertificateRequest("CN=lambdaslim-test-token-issuer", _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        CertificateBundlePath = Path.Combine(Tool.TempDirectory(), "token-root.pem");
        File.WriteAllText(CertificateBundlePath, _certificate.ExportCertificatePem());
        Port = LoopbackPort.Free();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Realm => $"http://127.0.0.1:{Port}/token";

    public string CertificateBundlePath { get; }

    /// <summary>How many tokens were asked for (the client should cache them).</summary>
    public int Requests => Volatile.Read(ref _requests);

    public List<string> Scopes { get; } = [];

    public string RegistryAuthYaml => $"""
        auth:
          token:
            realm: {Realm}
            service: {Service}
            issuer: {Issuer}
            rootcertbundle: {CertificateBundlePath}
        """;

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            Interlocked.Increment(ref _requests);
            if (context.Request.HttpMethod == "POST")
            {
                await ServeRefreshTokenGrantAsync(context);
                continue;
            }
            var authorization = context.Request.Headers["Authorization"];
            var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_user}:{_password}"));
            if (authorization != expected || context.Request.QueryString["service"] != Service)
            {
                context.Response.StatusCode = 401;
                context.Response.Close();
                continue;
            }
            var scopes = context.Request.QueryString.GetValues("scope") ?? [];
            lock (Scopes)
            {
                Scopes.AddRange(scopes);
            }
            var body = JsonSerializer.SerializeToUtf8Bytes(new { token = Issue(scopes), expires_in = 300 });
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }

    /// <summary>An identity token from `docker login`, accepted through the OAuth2 refresh-token grant (POST form).</summary>
    public string? IdentityToken { get; init; }

    private async Task ServeRefreshTokenGrantAsync(HttpListenerContext context)
    {
        var form = System.Web.HttpUtility.ParseQueryString(await new StreamReader(context.Request.InputStream).ReadToEndAsync());
        if (IdentityToken is null || form["grant_type"] != "refresh_token" || form["refresh_token"] != IdentityToken || form["service"] != Service)
        {
            context.Response.StatusCode = 401;
            context.Response.Close();
            return;
        }
        var scopes = (form["scope"] ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        lock (Scopes)
        {
            Scopes.AddRange(scopes);
        }
        var body = JsonSerializer.SerializeToUtf8Bytes(new { access_token = Issue(scopes), expires_in = 300 });
        context.Response.ContentType = "application/json";
        await context.Response.OutputStream.WriteAsync(body);
        context.Response.Close();
    }

    private string Issue(IEnumerable<string> scopes)
    {
        var access = new JsonArray();
        foreach (var scope in scopes.SelectMany(s => s.Split(' ')))
        {
            var parts = scope.Split(':');
            access.Add(new JsonObject
            {
                ["type"] = parts[0],
                ["name"] = string.Join(':', parts[1..^1]),
                ["actions"] = new JsonArray(parts[^1].Split(',').Select(a => (JsonNode)a).ToArray()),
            });
        }
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = new JsonObject { ["typ"] = "JWT", ["alg"] = "RS256", ["x5c"] = new JsonArray(Convert.ToBase64String(_certificate.RawData)) };
        var claims = new JsonObject
        {
            ["iss"] = Issuer,
            ["sub"] = _user,
            ["aud"] = Service,
            ["exp"] = now + 300,
            ["nbf"] = now - 10,
            ["iat"] = now,
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["access"] = access,
        };
        var signingInput = Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url(signature);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public void Dispose()
    {
        _listener.Close();
        _certificate.Dispose();
        _key.Dispose();
    }
}
