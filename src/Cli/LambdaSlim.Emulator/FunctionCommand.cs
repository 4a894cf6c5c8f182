namespace LambdaSlim.Emulator;

/// <summary>
/// How to start the function process: a program, its arguments and a working directory. The CLI prefixes
/// wrappers here (e.g. <c>bwrap … /var/task/bootstrap</c> or <c>qemu-aarch64-static … bootstrap</c>);
/// tests use <c>dotnet Function.dll</c>.
/// </summary>
public sealed record FunctionCommand(string FileName, IReadOnlyList<string> Arguments, string WorkingDirectory)
{
    public override string ToString() => string.Join(' ', Arguments.Prepend(FileName));
}
