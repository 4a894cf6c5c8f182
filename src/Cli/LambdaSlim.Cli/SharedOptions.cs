using System.CommandLine;
using System.Globalization;
using LambdaSlim.Core;
using LambdaSlim.Core.Publishing;
using LambdaSlim.Emulator.Local;

namespace LambdaSlim.Cli;

/// <summary>The arguments and options several commands share, and their conversion into run settings.</summary>
internal sealed class SharedOptions
{
    public Argument<string> Image { get; } = new("IMAGE")
    {
        Description = "An OCI image layout folder (bin/<Configuration>/lambda/image/), an OCI archive (image.tar) or a bootstrap executable.",
    };

    public Option<string?> Architecture { get; } = new("--arch")
    {
        Description = "The architecture to run: x86_64 or arm64 (default: this machine's; a bootstrap file runs as what it is).",
    };

    public Option<string[]> Environment { get; } = new("--env")
    {
        Description = "A function environment variable NAME=VALUE (repeatable); overrides the image's Env.",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public Option<double> Timeout { get; } = new("--timeout")
    {
        Description = "The function timeout in seconds (Lambda: 1 to 900). The process is killed and restarted after a timeout.",
        DefaultValueFactory = _ => 300,
    };

    public Option<bool> NoSandbox { get; } = new("--no-sandbox")
    {
        Description = "Run the image's entrypoint directly on this machine instead of inside bwrap (it then uses the host's libraries).",
    };

    public SharedOptions()
    {
        Architecture.AcceptOnlyFromAmong("x86_64", "arm64");
    }

    public LocalRunOptions RunOptions(ParseResult result) => new()
    {
        Architecture = result.GetValue(Architecture) is { } name ? LambdaArchitecture.FromName(name) : null,
        Sandbox = !result.GetValue(NoSandbox),
    };

    public TimeSpan TimeoutOf(ParseResult result)
    {
        var seconds = result.GetValue(Timeout);
        if (!(seconds > 0 && seconds <= 900))
        {
            throw new LambdaSlimException(LocalErrorCodes.InvalidArgument,
                $"--timeout {seconds.ToString(CultureInfo.InvariantCulture)} is outside Lambda's range: pass 1 to 900 seconds.");
        }
        return TimeSpan.FromSeconds(seconds);
    }

    public IReadOnlyDictionary<string, string> EnvironmentOf(ParseResult result)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in result.GetValue(Environment) ?? [])
        {
            var equals = pair.IndexOf('=');
            if (equals <= 0)
            {
                throw new LambdaSlimException(LocalErrorCodes.InvalidArgument,
                    $"--env '{pair}' is not NAME=VALUE. Write it as --env NAME=VALUE (quote the whole pair if VALUE has spaces).");
            }
            variables[pair[..equals]] = pair[(equals + 1)..];
        }
        return variables;
    }

    /// <summary>Says, once, that this run paid for unpacking the image (later runs start from the cache).</summary>
    public static void AnnounceUnpack(LocalFunction function)
    {
        if (function.Unpacked)
        {
            Console.Error.WriteLine($"lambdaslim: unpacked {function.Description} into {LocalCache.DefaultRoot()}");
        }
    }

    /// <summary>Prints the function's own output (stdout and stderr alike) on our stderr: stdout carries only the response.</summary>
    public static void PrintFunctionOutput(Emulator.FunctionOutputLine line) => Console.Error.WriteLine(line.Text);
}
