// Usage: LambdaSlim.ImageBench <work folder> <nuget feed> <version> <cold runs> <repository root>
// Publishes Hello, Toolbox and Inventory (test-projects/) for both architectures with only
// -p:PublishLambdaImage=true as a user would (Inventory trusting a fresh test CA through LambdaCaCertificate), prints
// each image's compressed size per architecture with the bytes of each layer, then times Inventory's cold start —
// spawn → first answer, which includes its first TLS handshake and a signed DynamoDB call — in its own image (as
// `lambdaslim invoke` runs it: bwrap, read-only root, uid 993) and as the same bootstrap on the host.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LambdaSlim.Core.Publishing;
using LambdaSlim.Emulator;
using LambdaSlim.Emulator.Local;
using LambdaSlim.Sdk.Tests.Infrastructure;

var work = args[0];
var feed = args[1];
var version = args[2];
var coldRuns = int.Parse(args[3], CultureInfo.InvariantCulture);
var repository = args[4];

using var authority = new TestCertificateAuthority();
var samples = new[] { "Hello", "Toolbox", "Inventory" };
foreach (var sample in samples)
{
    var folder = Workspace(sample);
    if (sample == "Inventory")
    {
        File.WriteAllText(Path.Combine(folder, "certs", "test-ca.pem"), authority.CaPem);
    }
    Run("dotnet", ["publish", "-p:PublishLambdaImage=true"], folder);
}

Console.WriteLine($"LambdaSlim {version}; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
Console.WriteLine();
Console.WriteLine("| image | architecture | compressed total | base | openssl | ca-certificates | tzdata | icu | app |");
Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
foreach (var sample in samples)
{
    using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(work, sample, "bin", "Release", "lambda", "report.json")));
    foreach (var architecture in report.RootElement.GetProperty("architectures").EnumerateArray())
    {
        var layers = architecture.GetProperty("layers").EnumerateArray()
            .ToDictionary(l => l.GetProperty("role").GetString()!, l => l.GetProperty("compressedBytes").GetInt64());
        string Part(string role) => layers.TryGetValue(role, out var b) ? b.ToString("N0", CultureInfo.InvariantCulture) : "—";
        Console.WriteLine($"| {sample} | {architecture.GetProperty("architecture").GetString()} | " +
            $"{architecture.GetProperty("compressedBytes").GetInt64().ToString("N0", CultureInfo.InvariantCulture)} | " +
            $"{Part("base")} | {Part("openssl")} | {Part("ca-certificates")} | {Part("tzdata")} | {Part("icu")} | {Part("app")} |");
    }
}

await using var aws = await LocalAwsServices.StartAsync(authority);
var inventory = Path.Combine(work, "Inventory", "bin", "Release", "lambda");
var image = LocalFunction.Prepare(Path.Combine(inventory, "image"), new LocalRunOptions
{
    Architecture = LambdaArchitecture.X86_64,
    CacheRoot = Path.Combine(work, "local-cache"),
});
// The host run uses this machine's libraries but the image's own CA bundle, so both trust the same certificates.
// The sandboxed command runs from the unpacked rootfs folder.
var bundle = Path.Combine(image.Command.WorkingDirectory, "etc", "ssl", "certs", "ca-certificates.crt");
var host = new FunctionCommand(Path.Combine(inventory, "x86_64", "bootstrap"), [], Path.Combine(inventory, "x86_64"));
var hostEnvironment = new Dictionary<string, string>(aws.FunctionEnvironment) { ["SSL_CERT_FILE"] = bundle, ["HOME"] = "/tmp" };

var inImage = await ColdStartsAsync(image.ToEmulatorOptions(aws.FunctionEnvironment, TimeSpan.FromSeconds(60), null));
var onHost = await ColdStartsAsync(new EmulatorOptions
{
    Command = host,
    FunctionName = "inventory",
    Timeout = TimeSpan.FromSeconds(60),
    TaskRoot = host.WorkingDirectory,
    Environment = hostEnvironment,
});
Console.WriteLine();
Console.WriteLine($"| Inventory x86_64, {coldRuns} cold starts each | spawn → /next, median (ms) | spawn → first answer, median (ms) | p90 (ms) |");
Console.WriteLine("|---|---:|---:|---:|");
Console.WriteLine($"| in its image (bwrap, read-only root, uid 993) | {Median(inImage.Select(r => r.Next)):0.0} | {Median(inImage.Select(r => r.Answer)):0.0} | {Percentile(inImage.Select(r => r.Answer), 0.9):0.0} |");
Console.WriteLine($"| same bootstrap on the host | {Median(onHost.Select(r => r.Next)):0.0} | {Median(onHost.Select(r => r.Answer)):0.0} | {Percentile(onHost.Select(r => r.Answer), 0.9):0.0} |");
Console.WriteLine($"| image / host (first answer) | | {Median(inImage.Select(r => r.Answer)) / Median(onHost.Select(r => r.Answer)):0.00}× | |");
return 0;

// One fresh process per run: spawn (the emulator's ProcessStarted) → first /next → first response accepted.
async Task<List<(double Next, double Answer)>> ColdStartsAsync(EmulatorOptions options)
{
    var results = new List<(double, double)>();
    for (var run = 0; run < coldRuns + 1; run++)
    {
        var times = new Dictionary<EmulatorEventKind, DateTimeOffset>();
        var emulator = new LambdaEmulator(options with
        {
            Events = e => { lock (times) { times.TryAdd(e.Kind, e.Time); } },
        });
        try
        {
            var result = await emulator.InvokeAsync(Encoding.UTF8.GetBytes("""{"sku":"sku-42"}"""), null, CancellationToken.None);
            if (result.Status != InvocationStatus.Success)
            {
                throw new InvalidOperationException($"Inventory did not answer: {result.Status} {result.ErrorDocumentText}");
            }
        }
        finally
        {
            await emulator.DisposeAsync();
        }
        if (run == 0)
        {
            continue; // the first run warms the page cache and the emulator
        }
        lock (times)
        {
            var spawn = times[EmulatorEventKind.ProcessStarted];
            results.Add(((times[EmulatorEventKind.NextRequested] - spawn).TotalMilliseconds, (times[EmulatorEventKind.ResponseAccepted] - spawn).TotalMilliseconds));
        }
    }
    return results;
}

string Workspace(string sample)
{
    var folder = Path.Combine(work, sample);
    CopyDirectory(Path.Combine(repository, "test-projects", sample), folder);
    File.WriteAllText(Path.Combine(folder, "NuGet.config"), $"<configuration><packageSources><add key=\"local\" value=\"{feed}\" /></packageSources></configuration>\n");
    File.WriteAllText(Path.Combine(folder, "global.json"), $$"""{ "msbuild-sdks": { "LambdaSlim.Sdk": "{{version}}" } }""");
    return folder;
}

static void CopyDirectory(string source, string target)
{
    foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
    {
        var relative = Path.GetRelativePath(source, file);
        if (relative.Split('/').Any(p => p is "bin" or "obj"))
        {
            continue;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(target, relative))!);
        File.Copy(file, Path.Combine(target, relative));
    }
}

static void Run(string program, string[] arguments, string directory)
{
    var info = new ProcessStartInfo(program) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
    arguments.ToList().ForEach(info.ArgumentList.Add);
    using var process = Process.Start(info)!;
    var output = process.StandardOutput.ReadToEndAsync();
    var error = process.StandardError.ReadToEndAsync();
    process.WaitForExit();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed in {directory}:\n{output.Result}{error.Result}");
    }
}

static double Median(IEnumerable<double> values) => Percentile(values, 0.5);

static double Percentile(IEnumerable<double> values, double p)
{
    var sorted = values.Order().ToList();
    return sorted[(int)Math.Round(p * (sorted.Count - 1))];
}
