using System.Diagnostics;

namespace LambdaSlim.Core.Registry.Transport;

/// <summary>
/// Counts the bytes of one blob upload and reports them with the rate, at most every two seconds while it
/// runs and once at the end, so a slow push of a large layer shows it is moving.
/// </summary>
public sealed class UploadProgress(IRegistryLog log, string digest, long total)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _lastReport;
    private long _sent;

    public long Sent => Interlocked.Read(ref _sent);

    public void Add(long bytes)
    {
        Interlocked.Add(ref _sent, bytes);
        if (_clock.Elapsed - _lastReport >= Interval && Sent < total)
        {
            _lastReport = _clock.Elapsed;
            log.Detail($"Uploading {Short(digest)}: {Size(Sent)} of {Size(total)} ({Rate()})");
        }
    }

    public void Done(string how) => log.Detail($"{how} {Short(digest)}: {Size(total)} in {_clock.Elapsed.TotalSeconds:0.00} s ({Rate()})");

    private string Rate() => $"{Size((long)(Sent / Math.Max(_clock.Elapsed.TotalSeconds, 0.001)))}/s";

    public static string Short(string digest) => digest.Length > 19 ? digest[..19] : digest;

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.0} KiB",
        _ => $"{bytes / (1024.0 * 1024.0):0.0} MiB",
    };
}
