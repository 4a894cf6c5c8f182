using LambdaSlim.AspNetCore.Events;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LambdaSlim.AspNetCore.Hosting;

/// <summary>
/// The app's server in Lambda: the runtime client's loop runs on a thread of its own (it blocks its caller) and
/// hands each invocation to <see cref="HttpEventPipeline{TContext}"/>. Stopping cancels the loop, which ends after
/// the invocations in hand, as on SIGTERM.
/// </summary>
internal sealed class LambdaSlimServer(IRuntimeLoop loop, IOptions<LambdaSlimHostingOptions> options, ILoggerFactory loggers,
    IHostApplicationLifetime lifetime) : IServer
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _serving = Task.CompletedTask;
    private readonly ILogger _logger = loggers.CreateLogger("LambdaSlim.AspNetCore.LambdaSlimServer");

    /// <summary>No addresses: requests arrive as events, never on a socket of the app's.</summary>
    public IFeatureCollection Features { get; } = new FeatureCollection();

    public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken) where TContext : notnull
    {
        LambdaSlimHostingOptions settings = options.Value;
        var pipeline = new HttpEventPipeline<TContext>(application, new HttpEventTranslator(settings.EventSource, _logger), _logger);
        var runtime = new Thread(() => Serve(pipeline, settings.ResponseStreaming)) { Name = "Lambda runtime", IsBackground = true };
        _serving = _stopped.Task;
        runtime.Start();
        return Task.CompletedTask;
    }

    private void Serve<TContext>(HttpEventPipeline<TContext> pipeline, bool streaming) where TContext : notnull
    {
        try
        {
            if (streaming)
            {
                loop.RunStreaming(pipeline.StreamAsync, HttpIntegrationPrelude.ContentType, _stopping.Token);
            }
            else
            {
                loop.Run(pipeline.HandleAsync, _stopping.Token);
            }
        }
        finally
        {
            _stopped.TrySetResult();
            // The loop ended on its own (SIGTERM reached the runtime client first): the app ends with it.
            if (!_stopping.IsCancellationRequested)
            {
                _logger.LogInformation("The Lambda runtime loop has stopped; stopping the application.");
                lifetime.StopApplication();
            }
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        // The host's shutdown timeout bounds the wait for the invocations in hand.
        await _serving.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _stopping.Cancel();
}
