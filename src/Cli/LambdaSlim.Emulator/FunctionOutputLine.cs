namespace LambdaSlim.Emulator;

public enum FunctionOutputStream
{
    Stdout,
    Stderr,
}

/// <summary>One line the function process wrote (without its newline).</summary>
public sealed record FunctionOutputLine(FunctionOutputStream Stream, string Text, int ProcessId);
