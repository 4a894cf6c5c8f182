using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace LambdaSlim.Core.Tests.Support;

/// <summary>Throw-away certificate authorities for the CA-bundle tests.</summary>
public static class TestCertificates
{
    /// <summary>A self-signed P-256 CA certificate valid around now, and its key.</summary>
    public static (X509Certificate2 Certificate, ECDsa Key) SelfSignedCa(string name)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        return (request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1)), key);
    }
}
