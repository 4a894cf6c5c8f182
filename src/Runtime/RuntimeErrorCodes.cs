namespace LambdaSlim.Runtime;

/// <summary>
/// The LSLIM4xxx codes the runtime client prints in its log lines and error messages (docs/errors.md lists
/// each with its fix). The runtime cannot use LambdaSlimException (that type lives in the build core, which
/// a function binary must not carry), so the codes are plain prefixes.
/// </summary>
internal static class RuntimeErrorCodes
{
    public const string RuntimeApiNotConfigured = "LSLIM4001";
    public const string ProtocolError = "LSLIM4002";
    public const string RuntimeApiUnreachable = "LSLIM4003";
    public const string ResponseTooLarge = "LSLIM4004";
    public const string Timeout = "LSLIM4005";
    public const string InitFailed = "LSLIM4006";
    public const string ResultDeliveryUncertain = "LSLIM4007";
    public const string AfterResponseWorkFailed = "LSLIM4008";
    public const string InvalidInvocation = "LSLIM4009";
    public const string ResultRejected = "LSLIM4010";
    public const string UnsupportedOperatingSystem = "LSLIM4011";
    public const string InvalidMaxConcurrency = "LSLIM4020";
    public const string InvocationGone = "LSLIM4021";
    public const string MemoryLimitNotApplied = "LSLIM4022";
}
