namespace WebApi;

/// <summary>Deterministic binary bodies, so that a client can check every byte it got.</summary>
public static class Logo
{
    /// <summary>A PNG signature followed by every byte value: bytes no text encoding would carry unchanged.</summary>
    public static readonly byte[] Bytes = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. Enumerable.Range(0, 256).Select(i => (byte)i)];

    /// <summary><paramref name="length"/> bytes of the repeating pattern 0, 1, …, 250 (a prime cycle, so offsets show).</summary>
    public static byte[] Pattern(int length)
    {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)(i % 251);
        }
        return bytes;
    }
}
