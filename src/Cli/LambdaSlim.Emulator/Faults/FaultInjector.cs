using System.Text;

namespace LambdaSlim.Emulator.Faults;

/// <summary>Draws faults from a <see cref="FaultPlan"/>. Thread-safe; deterministic for a given request order.</summary>
internal sealed class FaultInjector(FaultPlan? plan)
{
    private readonly Random _random = new(plan?.Seed ?? 0);
    private readonly Lock _lock = new();

    public FaultKind ForNext() => Draw(plan?.Next);

    public FaultKind ForPost() => Draw(plan?.Posts);

    public TimeSpan NextDelay()
    {
        lock (_lock)
        {
            return TimeSpan.FromMilliseconds(_random.NextDouble() * (plan?.MaxDelay ?? TimeSpan.Zero).TotalMilliseconds);
        }
    }

    /// <summary>One of several malformed heads: each breaks a different rule a strict client must enforce.</summary>
    public byte[] GarbageHead()
    {
        string[] heads =
        [
            "HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id\r\n\r\n",
            "HTTP/1.1 2x0 OK\r\nContent-Length: 2\r\n\r\n{}",
            "HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 2\nLambda-Runtime-Deadline-Ms: 1\r\n\r\n{}",
            "\u0001\u0002\u0003 garbage \u0004\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        ];
        lock (_lock)
        {
            return Encoding.Latin1.GetBytes(heads[_random.Next(heads.Length)]);
        }
    }

    private FaultKind Draw(FaultRates? rates)
    {
        if (rates is null || rates.Sum == 0)
        {
            return FaultKind.None;
        }
        double roll;
        lock (_lock)
        {
            roll = _random.NextDouble();
        }
        foreach (var (kind, probability) in rates.Entries)
        {
            if (roll < probability)
            {
                return kind;
            }
            roll -= probability;
        }
        return FaultKind.None;
    }
}
