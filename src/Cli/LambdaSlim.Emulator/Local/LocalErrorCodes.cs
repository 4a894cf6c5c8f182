namespace LambdaSlim.Emulator.Local;

/// <summary>
/// The LSLIM51xx codes of local runs (the <c>lambdaslim</c> CLI and the InvokeLambdaImage task); docs/errors.md
/// lists each with its fix. LSLIM50xx belong to the emulator itself.
/// </summary>
public static class LocalErrorCodes
{
    /// <summary>IMAGE is neither an OCI layout folder, an OCI archive nor an ELF bootstrap (or does not exist).</summary>
    public const string ImageNotFound = "LSLIM5101";

    /// <summary>The image has no manifest for the requested architecture.</summary>
    public const string ArchitectureNotInImage = "LSLIM5102";

    /// <summary>The layout or archive is damaged: missing blob, digest mismatch, bad JSON, unsupported layer type.</summary>
    public const string InvalidImage = "LSLIM5103";

    /// <summary>A layer entry names a path outside the root filesystem (.., absolute link names of hard links).</summary>
    public const string UnsafeLayerPath = "LSLIM5104";

    /// <summary><c>bwrap</c> is not installed (Debian package bubblewrap).</summary>
    public const string SandboxToolMissing = "LSLIM5105";

    /// <summary><c>qemu-&lt;arch&gt;-static</c> is not installed (Debian package qemu-user-static).</summary>
    public const string EmulationToolMissing = "LSLIM5106";

    /// <summary>A command-line argument is wrong (architecture, --env, --event, --client-context, timeout).</summary>
    public const string InvalidArgument = "LSLIM5107";

    /// <summary>The function answered with an error, timed out, crashed or failed its init.</summary>
    public const string FunctionFailed = "LSLIM5108";

    /// <summary>The image config names no Entrypoint or Cmd, so there is nothing to run.</summary>
    public const string NoEntrypoint = "LSLIM5109";
}
