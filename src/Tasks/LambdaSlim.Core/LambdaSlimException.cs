namespace LambdaSlim.Core;

/// <summary>
/// The one error type of the build core. <see cref="Code"/> is a stable diagnostic code
/// (<c>LSLIM####</c>, banded by area: 1xxx SDK and toolchain, 2xxx image, 3xxx registry, 4xxx runtime client,
/// 5xxx emulator and CLI); the message says what is wrong and what to do about it.
/// MSBuild tasks catch it at their boundary and log the code; the CLI prints it.
/// </summary>
public sealed class LambdaSlimException : Exception
{
    public LambdaSlimException(string code, string message, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
    }

    /// <summary>The stable diagnostic code, e.g. <c>LSLIM2001</c>.</summary>
    public string Code { get; }

    public override string ToString() => $"{Code}: {Message}";
}
