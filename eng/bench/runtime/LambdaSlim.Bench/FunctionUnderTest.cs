namespace LambdaSlim.Bench;

/// <summary>One build of the function to time: a name for the tables and the command that starts it.</summary>
/// <param name="Name">Shown in the first column, e.g. "AOT" or "C baseline".</param>
/// <param name="FileName">The program to run (a bootstrap, or dotnet for a framework-dependent build).</param>
/// <param name="Arguments">Its arguments (the .dll for a framework-dependent build).</param>
internal sealed record FunctionUnderTest(string Name, string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>The folder of the function's own file (the .dll for dotnet, else the program): LAMBDA_TASK_ROOT.</summary>
    public string WorkingDirectory => Path.GetDirectoryName(Path.GetFullPath(Arguments.Count > 0 ? Arguments[^1] : FileName))!;

    /// <summary>Parses <c>NAME=PROGRAM[,ARGUMENT…]</c>, e.g. <c>JIT=/usr/bin/dotnet,/tmp/hello/Hello.dll</c>.</summary>
    public static FunctionUnderTest Parse(string text)
    {
        int equals = text.IndexOf('=');
        string[] command = equals > 0 ? text[(equals + 1)..].Split(',') : [];
        if (command.Length == 0 || command[0].Length == 0)
        {
            throw new ArgumentException($"'{text}' is not NAME=PROGRAM[,ARGUMENT…].");
        }
        if (!File.Exists(command[0]))
        {
            throw new ArgumentException($"The program '{command[0]}' of '{text[..equals]}' does not exist: build it first (run.sh does).");
        }
        return new FunctionUnderTest(text[..equals], command[0], command[1..]);
    }
}
