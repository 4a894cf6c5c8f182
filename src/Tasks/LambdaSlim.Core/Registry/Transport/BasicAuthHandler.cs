using System.Net.Http.Headers;
using System.Text;

namespace LambdaSlim.Core.Registry.Transport;

/// <summary>
/// Sends Basic credentials with every request: chosen when the registry's challenge is <c>Basic</c>
/// (htpasswd-protected registries). Only ever placed in front of HTTPS or an explicitly insecure/loopback host.
/// </summary>
public sealed class BasicAuthHandler(RegistryCredential credential, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private readonly AuthenticationHeaderValue _header = Header(credential);

    public static AuthenticationHeaderValue Header(RegistryCredential credential)
        => new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credential.Username}:{credential.Password}")));

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = _header;
        return base.SendAsync(request, cancellationToken);
    }
}
