namespace LambdaSlim.Bench;

/// <summary>Order statistics of a set of durations (nearest-rank percentiles: every figure is a measured sample).</summary>
internal sealed class Percentiles
{
    private readonly double[] _sortedMilliseconds;

    public Percentiles(IEnumerable<TimeSpan> samples)
    {
        _sortedMilliseconds = samples.Select(s => s.TotalMilliseconds).Order().ToArray();
        if (_sortedMilliseconds.Length == 0)
        {
            throw new ArgumentException("No samples to summarise.", nameof(samples));
        }
    }

    public int Count => _sortedMilliseconds.Length;

    public double Min => _sortedMilliseconds[0];

    public double Median => At(50);

    public double Mean => _sortedMilliseconds.Average();

    /// <summary>The smallest sample that at least <paramref name="percent"/>% of the samples do not exceed.</summary>
    public double At(double percent)
    {
        int rank = (int)Math.Ceiling(percent / 100 * _sortedMilliseconds.Length);
        return _sortedMilliseconds[Math.Clamp(rank, 1, _sortedMilliseconds.Length) - 1];
    }
}
