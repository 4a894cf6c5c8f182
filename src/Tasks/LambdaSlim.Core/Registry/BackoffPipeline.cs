using Polly;
using Polly.Retry;

namespace LambdaSlim.Core.Registry;

/// <summary>
/// The retry shape every remote call of LambdaSlim uses (registries and Amazon ECR's API alike): up to
/// <c>maxRetries</c> more attempts, exponential backoff with jitter from <c>delay</c>, only for what
/// <c>isTransient</c> accepts, each retry announced; no retries at all when <c>maxRetries</c> is 0.
/// </summary>
public static class BackoffPipeline
{
    /// <param name="describeRetry">The warning for a retry: the delay before it, its attempt number (2 = the first retry) and what failed.</param>
    public static ResiliencePipeline Build(int maxRetries, TimeSpan delay, Func<Exception, bool> isTransient,
        Func<TimeSpan, int, Exception?, string> describeRetry, IRegistryLog log)
        => maxRetries <= 0
            ? ResiliencePipeline.Empty
            : new ResiliencePipelineBuilder()
                .AddRetry(new RetryStrategyOptions
                {
                    MaxRetryAttempts = maxRetries,
                    Delay = delay,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    ShouldHandle = new PredicateBuilder().Handle(isTransient),
                    OnRetry = args =>
                    {
                        log.Warning(describeRetry(args.RetryDelay, args.AttemptNumber + 2, args.Outcome.Exception));
                        return ValueTask.CompletedTask;
                    },
                })
                .Build();
}
