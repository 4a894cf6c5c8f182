namespace LambdaSlim.Emulator.RuntimeApi;

/// <summary>
/// Carries a streamed response's bytes from the Runtime API connection to the invoker's sink (or a buffer) and
/// stops doing so the moment the invocation is over, so a late chunk can never land in another answer.
/// </summary>
internal sealed class StreamRelay(InvokeOptions options)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly MemoryStream? _collected = options.StreamingSink is null ? new MemoryStream() : null;
    private bool _closed;
    private bool _sinkFailed;

    public bool Started { get; private set; }

    public ReadOnlyMemory<byte> Collected => _collected?.ToArray() ?? ReadOnlyMemory<byte>.Empty;

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (_closed)
            {
                return;
            }
            if (!Started)
            {
                Started = true;
                await Guard(() => options.OnStreamingStarted?.Invoke(ct) ?? ValueTask.CompletedTask);
            }
            if (_collected is not null)
            {
                _collected.Write(data.Span);
            }
            else
            {
                await Guard(async () =>
                {
                    await options.StreamingSink!.WriteAsync(data, ct);
                    await options.StreamingSink.FlushAsync(ct);
                });
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Marks the start of a stream that may never write a byte (an empty streamed response).</summary>
    public ValueTask BeginAsync(CancellationToken ct) => WriteAsync(ReadOnlyMemory<byte>.Empty, ct);

    public async ValueTask CloseAsync()
    {
        await _gate.WaitAsync();
        _closed = true;
        _gate.Release();
    }

    /// <summary>The invoker went away (e.g. its HTTP client disconnected): keep draining the function, drop the bytes.</summary>
    private async ValueTask Guard(Func<ValueTask> write)
    {
        if (_sinkFailed)
        {
            return;
        }
        try
        {
            await write();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or System.Net.Sockets.SocketException
                                      or OperationCanceledException)
        {
            _sinkFailed = true;
        }
    }
}
