using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace LambdaSlim.Core.Registry;

/// <summary>Content digests (<c>sha256:HEX</c>) as the distribution spec and the OCI layout use them.</summary>
public static partial class Digests
{
    [GeneratedRegex("^sha256:[a-f0-9]{64}$")]
    private static partial Regex Sha256Digest();

    public static bool IsValid(string? digest) => digest is not null && Sha256Digest().IsMatch(digest);

    public static string Of(ReadOnlySpan<byte> bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>The hex part of a digest, used as the file name under <c>blobs/sha256/</c>.</summary>
    public static string Hex(string digest)
    {
        if (!IsValid(digest))
        {
            throw new LambdaSlimException("LSLIM3010", $"'{digest}' is not a sha256 digest. The OCI layout or manifest is corrupt: rebuild the image.");
        }
        return digest["sha256:".Length..];
    }
}
