namespace LambdaSlim.Emulator;

/// <summary>The LSLIM50xx codes of the emulator (docs/errors.md lists each with its fix).</summary>
public static class EmulatorErrorCodes
{
    /// <summary>The function command could not be started (missing file, not executable).</summary>
    public const string FunctionStartFailed = "LSLIM5001";

    /// <summary>The requested 127.0.0.1 port is taken.</summary>
    public const string PortInUse = "LSLIM5002";

    /// <summary>An emulator option is out of Lambda's range (timeout, memory, names).</summary>
    public const string InvalidOption = "LSLIM5003";

    /// <summary>An invoke's client context is not base64 of a JSON object, or its payload is over Lambda's limit.</summary>
    public const string InvalidInvokeRequest = "LSLIM5004";

    /// <summary>The emulator was used after it was disposed.</summary>
    public const string EmulatorDisposed = "LSLIM5005";
}
