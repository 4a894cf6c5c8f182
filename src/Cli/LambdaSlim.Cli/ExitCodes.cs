namespace LambdaSlim.Cli;

/// <summary>What <c>lambdaslim</c> returns, so scripts can tell a failing function from a failing setup.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The function answered with an error, timed out, crashed or failed its init.</summary>
    public const int FunctionError = 1;

    /// <summary>Bad usage or environment: wrong argument, missing image, missing bwrap or qemu, port taken.</summary>
    public const int UsageOrEnvironment = 2;

    /// <summary>Stopped by Ctrl-C or SIGTERM in the middle of an invoke (the shell convention 128 + SIGINT).</summary>
    public const int Interrupted = 130;
}
