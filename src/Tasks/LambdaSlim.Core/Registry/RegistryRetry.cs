using Polly;

namespace LambdaSlim.Core.Registry;

/// <summary>
/// The one retry policy around every registry step (a whole blob push, a manifest PUT, a download): exponential
/// backoff with jitter on 5xx, 429 and connection failures. A step is retried from its start, which is safe
/// because each step begins by checking what the registry already has. When attempts run out the user gets
/// the coded error of the last failure.
/// </summary>
public sealed class RegistryRetry
{
    private readonly ResiliencePipeline _pipeline;
    private readonly string _registry;

    public RegistryRetry(RegistryClientOptions options, string registry)
    {
        _registry = registry;
        _pipeline = BackoffPipeline.Build(options.MaxRetries, options.RetryDelay, IsTransient,
            (delay, attempt, error) => $"Retrying in {delay.TotalSeconds:0.0} s (attempt {attempt}) after: {Describe(error)}", options.Log);
    }

    public async Task<T> ExecuteAsync<T>(string step, Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken)
    {
        try
        {
            return await _pipeline.ExecuteAsync(async token => await action(token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }
        catch (TransientRegistryException e)
        {
            throw e.Final;
        }
        catch (Exception e) when (IsTransient(e) && !cancellationToken.IsCancellationRequested)
        {
            throw new LambdaSlimException("LSLIM3005",
                $"Cannot reach the registry {_registry} while {step}: {Describe(e)}. Check that it is running and reachable (host, port, proxy, DNS); run the build again once it is: blobs already pushed are not sent twice.", e);
        }
    }

    public Task ExecuteAsync(string step, Func<CancellationToken, Task> action, CancellationToken cancellationToken)
        => ExecuteAsync<bool>(step, async token => { await action(token).ConfigureAwait(false); return true; }, cancellationToken);

    /// <summary>Connection failures show up as these types; a registry's own refusal is never retried.</summary>
    public static bool IsTransient(Exception e) => e switch
    {
        TransientRegistryException => true,
        HttpRequestException h => h.StatusCode is null || (int)h.StatusCode >= 500,
        IOException => true,
        TimeoutException => true,
        TaskCanceledException t => t.InnerException is TimeoutException,
        _ => false,
    };

    private static string Describe(Exception? e)
    {
        if (e is null)
        {
            return "unknown failure";
        }
        var innermost = e;
        while (innermost.InnerException is not null && innermost is not LambdaSlimException)
        {
            innermost = innermost.InnerException;
        }
        return innermost == e ? e.Message : $"{e.Message} ({innermost.Message})";
    }
}
