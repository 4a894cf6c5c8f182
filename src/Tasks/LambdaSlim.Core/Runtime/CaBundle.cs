using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace LambdaSlim.Core.Runtime;

/// <summary>
/// The image's CA bundle: the build machine's (or <c>LambdaCaBundle</c>'s) PEM bundle, then every certificate of the
/// <c>LambdaCaCertificate</c> files in item order, re-encoded as canonical PEM so line endings and comments in the
/// sources never change the bytes. Each extra file must hold at least one certificate and no private key: a key in
/// an image is readable by anyone who can pull it.
/// </summary>
public static class CaBundle
{
    private const string BeginCertificate = "-----BEGIN CERTIFICATE-----";
    private const string EndCertificate = "-----END CERTIFICATE-----";

    public static byte[] Build(string bundlePath, IReadOnlyList<string> extraCertificates)
    {
        if (!File.Exists(bundlePath))
        {
            throw new LambdaSlimException(RuntimePart.CaCertificates.MissingCode,
                $"The CA bundle '{bundlePath}' does not exist. Install the ca-certificates package, point LambdaCaBundle at a PEM bundle, or set LambdaIncludeCaCertificates=false to leave certificates out.");
        }
        var bundle = new StringBuilder(File.ReadAllText(bundlePath, Encoding.ASCII));
        if (bundle.Length > 0 && bundle[^1] != '\n')
        {
            bundle.Append('\n');
        }
        foreach (var path in extraCertificates)
        {
            foreach (var der in CertificatesIn(path))
            {
                bundle.Append(PemEncoding.WriteString("CERTIFICATE", der)).Append('\n');
            }
        }
        return Encoding.ASCII.GetBytes(bundle.ToString());
    }

    /// <summary>The DER bytes of every certificate in a PEM file, checked to parse.</summary>
    private static List<byte[]> CertificatesIn(string path)
    {
        if (!File.Exists(path))
        {
            throw new LambdaSlimException("LSLIM2065", $"The LambdaCaCertificate '{path}' does not exist. Fix the item's path or remove it.");
        }
        var text = File.ReadAllText(path);
        if (text.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            throw new LambdaSlimException("LSLIM2065",
                $"The LambdaCaCertificate '{path}' contains a private key. Give a file with only the CA's certificate (-----BEGIN CERTIFICATE-----): anything in the image can be read by whoever pulls it.");
        }
        var certificates = new List<byte[]>();
        var at = 0;
        while ((at = text.IndexOf(BeginCertificate, at, StringComparison.Ordinal)) >= 0)
        {
            var end = text.IndexOf(EndCertificate, at, StringComparison.Ordinal);
            if (end < 0)
            {
                throw Invalid(path, "a certificate has no -----END CERTIFICATE----- line");
            }
            var block = text[at..(end + EndCertificate.Length)];
            try
            {
                var der = Convert.FromBase64String(block[PemEncoding.Find(block).Base64Data]);
                using var certificate = X509CertificateLoader.LoadCertificate(der);
                certificates.Add(der);
            }
            catch (Exception e) when (e is FormatException or ArgumentException or CryptographicException)
            {
                throw Invalid(path, $"certificate {certificates.Count + 1} does not parse ({e.Message})");
            }
            at = end + EndCertificate.Length;
        }
        if (certificates.Count == 0)
        {
            throw Invalid(path, "it holds no -----BEGIN CERTIFICATE----- block");
        }
        return certificates;
    }

    private static LambdaSlimException Invalid(string path, string why) =>
        new("LSLIM2065", $"The LambdaCaCertificate '{path}' is not a PEM certificate file: {why}. Give the CA's certificate in PEM form (openssl x509 -in CA.crt -out CA.pem -outform PEM).");
}
