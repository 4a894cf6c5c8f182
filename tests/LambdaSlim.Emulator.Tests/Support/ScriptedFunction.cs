namespace LambdaSlim.Emulator.Tests.Support;

/// <summary>
/// A function process that does nothing but publish the Runtime API address it was given (to a file) and wait,
/// so a test can speak the Runtime API itself, byte by byte, as the function.
/// </summary>
internal sealed class ScriptedFunction : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("lslim-emu-").FullName;

    public string AddressFile => Path.Combine(_directory, "runtime-api");

    public FunctionCommand Command() => new("/bin/sh",
        ["-c", $"echo \"$AWS_LAMBDA_RUNTIME_API\" > '{AddressFile}.tmp' && mv '{AddressFile}.tmp' '{AddressFile}' && exec sleep 300"],
        _directory);

    /// <summary>The port of the emulator's Runtime API for the current process (waits for the script to write it).</summary>
    public async Task<int> WaitForPortAsync()
    {
        for (var i = 0; i < 500; i++)
        {
            if (File.Exists(AddressFile))
            {
                var address = (await File.ReadAllTextAsync(AddressFile)).Trim();
                File.Delete(AddressFile);
                return int.Parse(address.Split(':')[1]);
            }
            await Task.Delay(20);
        }
        throw new TimeoutException("The scripted function never published its Runtime API address.");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
