using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace LambdaSlim.Sdk.Tests.Infrastructure;

/// <summary>
/// A private certificate authority made for one test run, and a server certificate it issued for <c>localhost</c>
/// and 127.0.0.1: what a company CA and an internal endpoint look like to a function. Nothing on this machine or in
/// any public bundle trusts it, so a function only connects if its image trusts <see cref="CaPem"/>.
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    public TestCertificateAuthority()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=LambdaSlim Test CA, O=LambdaSlim tests", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, critical: false));
        var now = DateTimeOffset.UtcNow;
        Ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(7));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Ca, true, false));
        using var issued = serverRequest.Create(Ca, now.AddDays(-1), now.AddDays(7), RandomNumberGenerator.GetBytes(16));
        // Kestrel needs the key with the certificate, in a form the platform can load.
        Server = X509CertificateLoader.LoadPkcs12(issued.CopyWithPrivateKey(serverKey).Export(X509ContentType.Pkcs12), null);
    }

    public X509Certificate2 Ca { get; }

    /// <summary>The server certificate for localhost and 127.0.0.1, with its private key.</summary>
    public X509Certificate2 Server { get; }

    public string CaPem => Ca.ExportCertificatePem() + "\n";

    public void Dispose()
    {
        Ca.Dispose();
        Server.Dispose();
    }
}
