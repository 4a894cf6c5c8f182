namespace LambdaSlim.Bench;

/// <summary>One build of the function to time: a name for the tables, the command that starts it, what it is fed.</summary>
/// <param name="Name">Shown in the first column, e.g. "AOT" or "C baseline".</param>
/// <param name="FileName">The program to run (a bootstrap, or dotnet for a framework-dependent build).</param>
/// <param name="Arguments">Its arguments (the .dll for a framework-dependent build).</param>
/// <param name="EventFile">The event it is invoked with (the harness's --event unless the spec names one).</param>
/// <param name="Environment">Variables set on top of the Lambda environment the harness gives every build.</param>
internal sealed record FunctionUnderTest(string Name, string FileName, IReadOnlyList<string> Arguments, string? EventFile,
    IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>The folder of the function's own file (the .dll for dotnet, else the program): LAMBDA_TASK_ROOT.</summary>
    public string WorkingDirectory => Path.GetDirectoryName(Path.GetFullPath(Arguments.Count > 0 ? Arguments[^1] : FileName))!;

    /// <summary>
    /// Parses <c>NAME=PROGRAM[,ARGUMENT…][|event=FILE][|env=VARIABLE=VALUE…]</c>, e.g.
    /// <c>JIT=/usr/bin/dotnet,/tmp/hello/Hello.dll</c> or <c>AOT, no GC limit=/tmp/bootstrap|env=LAMBDASLIM_DISABLE_GC_HEAP_LIMIT=true</c>.
    /// </summary>
    public static FunctionUnderTest Parse(string text)
    {
        string[] parts = text.Split('|');
        int equals = parts[0].IndexOf('=');
        string[] command = equals > 0 ? parts[0][(equals + 1)..].Split(',') : [];
        if (command.Length == 0 || command[0].Length == 0)
        {
            throw new ArgumentException($"'{text}' is not NAME=PROGRAM[,ARGUMENT…][|event=FILE][|env=VARIABLE=VALUE].");
        }
        string name = parts[0][..equals];
        if (!File.Exists(command[0]))
        {
            throw new ArgumentException($"The program '{command[0]}' of '{name}' does not exist: build it first (run.sh does).");
        }
        string? eventFile = null;
        var environment = new Dictionary<string, string>();
        foreach (string option in parts.Skip(1))
        {
            if (option.StartsWith("event=", StringComparison.Ordinal))
            {
                eventFile = option["event=".Length..];
            }
            else if (option.StartsWith("env=", StringComparison.Ordinal) && option.IndexOf('=', 4) is > 4 and int at)
            {
                environment[option[4..at]] = option[(at + 1)..];
            }
            else
            {
                throw new ArgumentException($"'{option}' in '{text}' is neither event=FILE nor env=VARIABLE=VALUE.");
            }
        }
        return new FunctionUnderTest(name, command[0], command[1..], eventFile, environment);
    }

    /// <summary>The event bytes: the spec's own file, else the harness's default.</summary>
    public byte[] Event(string defaultEventFile) => File.ReadAllBytes(EventFile ?? defaultEventFile);
}
