using System.Reflection;
using LambdaSlim.Core;
using LambdaSlim.Emulator.Local;

namespace LambdaSlim.Cli;

/// <summary>
/// Where the invoke payload comes from: <c>-</c> (stdin), a built-in sample (one per event type of LambdaSlim.Events:
/// <c>apigw-v2</c>, <c>sqs</c>, <c>dynamodb</c>…) or a file. Without <c>--event</c> the payload is <c>{}</c>, what the AWS
/// CLI sends for an empty invoke.
/// </summary>
internal static class EventSource
{
    private const string ResourcePrefix = "events/";

    /// <summary>The built-in samples' names, from the embedded resources (src/Events/Samples).</summary>
    public static readonly IReadOnlyList<string> SampleNames = Assembly.GetExecutingAssembly().GetManifestResourceNames()
        .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal) && name.EndsWith(".json", StringComparison.Ordinal))
        .Select(name => name[ResourcePrefix.Length..^".json".Length])
        .Order(StringComparer.Ordinal)
        .ToList();

    public static async Task<byte[]> ReadAsync(string? source, CancellationToken ct)
    {
        if (source is null)
        {
            return "{}"u8.ToArray();
        }
        if (source == "-")
        {
            using var buffer = new MemoryStream();
            await Console.OpenStandardInput().CopyToAsync(buffer, ct);
            return buffer.ToArray();
        }
        if (SampleNames.Contains(source) && !File.Exists(source))
        {
            return Sample(source);
        }
        if (!File.Exists(source))
        {
            throw new LambdaSlimException(LocalErrorCodes.InvalidArgument,
                $"--event '{source}' is not a file. Pass a JSON file, '-' for stdin, or one of the samples: {string.Join(", ", SampleNames)}.");
        }
        return await File.ReadAllBytesAsync(source, ct);
    }

    public static byte[] Sample(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"{ResourcePrefix}{name}.json")
            ?? throw new InvalidOperationException($"The sample event {name} is not embedded in the tool.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
