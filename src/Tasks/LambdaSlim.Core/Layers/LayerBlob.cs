namespace LambdaSlim.Core.Layers;

/// <summary>
/// A gzip-compressed layer stored as a file. <see cref="Digest"/> is the SHA-256 of the compressed bytes (what
/// manifests and registries address); <see cref="DiffId"/> that of the uncompressed tar (what the config's
/// <c>rootfs.diff_ids</c> lists). <see cref="Size"/> is the compressed size in bytes.
/// </summary>
public sealed record LayerBlob(string Digest, string DiffId, long Size, long UncompressedSize, string Path);
