namespace LambdaSlim.Runtime.Invocations;

/// <summary>The runtime client's tunables. Defaults are the documented behaviour; tests shrink the times.</summary>
internal sealed record RuntimeOptions
{
    public const string DeadlineMarginVariable = "LAMBDASLIM_DEADLINE_MARGIN_MS";
    public const string MaxConcurrencyVariable = "AWS_LAMBDA_MAX_CONCURRENCY";

    /// <summary>Lambda's limit for a buffered response: 6 MiB. Larger responses are answered with an error.</summary>
    public const int DefaultMaxResponseBytes = 6 * 1024 * 1024;

    /// <summary>ILambdaContext.CancellationToken fires this long before the deadline.</summary>
    public TimeSpan DeadlineMargin { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// A handler still running this long before the deadline is abandoned and the client posts the timeout
    /// error itself; 100 ms leaves room for the POST on a loaded sandbox before Lambda would kill the process.
    /// </summary>
    public TimeSpan TimeoutReserve { get; init; } = TimeSpan.FromMilliseconds(100);

    public int MaxResponseBytes { get; init; } = DefaultMaxResponseBytes;

    /// <summary>
    /// Invocations the environment serves at once (Lambda Managed Instances set AWS_LAMBDA_MAX_CONCURRENCY): that
    /// many independent loops. 1 (unset) is the classic sandbox's one-at-a-time loop.
    /// </summary>
    public int MaxConcurrency { get; init; } = 1;

    /// <summary>Failures in a row (connect, write, 5xx on /next) after which the process gives up and exits.</summary>
    public int MaxConsecutiveFailures { get; init; } = 10;

    /// <summary>Bound on waiting for the status of a POST (never for /next).</summary>
    public TimeSpan PostResponseTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>First retry delay; doubles per consecutive failure up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(10);
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public static RuntimeOptions FromEnvironment(List<string> warnings)
    {
        var options = new RuntimeOptions();
        string? margin = Environment.GetEnvironmentVariable(DeadlineMarginVariable);
        if (!string.IsNullOrEmpty(margin))
        {
            if (int.TryParse(margin, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int ms))
            {
                options = options with { DeadlineMargin = TimeSpan.FromMilliseconds(ms) };
            }
            else
            {
                warnings.Add($"{DeadlineMarginVariable}='{margin}' is not a whole number of milliseconds; using 500");
            }
        }
        string? concurrency = Environment.GetEnvironmentVariable(MaxConcurrencyVariable);
        if (!string.IsNullOrEmpty(concurrency))
        {
            if (int.TryParse(concurrency, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int loops)
                && loops >= 1)
            {
                options = options with { MaxConcurrency = loops };
            }
            else
            {
                warnings.Add($"{RuntimeErrorCodes.InvalidMaxConcurrency}: {MaxConcurrencyVariable}='{concurrency}' is not a whole number of at least 1; " +
                    "serving one invocation at a time. Lambda sets it on Managed Instances; outside Lambda set it to the number of invocations to serve at once.");
            }
        }
        return options;
    }

    /// <summary>Not the generated record ToString: it would link TimeSpan formatting into every function binary.</summary>
    public override string ToString() => nameof(RuntimeOptions);

    public TimeSpan Backoff(int consecutiveFailures)
    {
        double ms = InitialBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(consecutiveFailures - 1, 20));
        return TimeSpan.FromMilliseconds(Math.Min(ms, MaxBackoff.TotalMilliseconds));
    }
}
