using LambdaSlim.Core.Publishing;

namespace LambdaSlim.Emulator.Local;

/// <summary>How to prepare a function for a local run.</summary>
public sealed record LocalRunOptions
{
    /// <summary>The architecture to run; null picks the host's (for a bootstrap file: the file's own).</summary>
    public LambdaArchitecture? Architecture { get; init; }

    /// <summary>Run an image's entrypoint inside bwrap (read-only root, private /tmp). False runs it directly on the host.</summary>
    public bool Sandbox { get; init; } = true;

    /// <summary>Where unpacked archives and root filesystems are kept; null means <see cref="LocalCache.DefaultRoot"/>.</summary>
    public string? CacheRoot { get; init; }
}
