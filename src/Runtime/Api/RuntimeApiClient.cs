using System.Text;
using LambdaSlim.Runtime.Http;
using LambdaSlim.Runtime.Invocations;
using LambdaSlim.Runtime.Logging;

namespace LambdaSlim.Runtime.Api;

/// <summary>
/// The Runtime API over one <see cref="HttpConnection"/>, with the retry rules in one place:
/// GET /next is retried after any failure (with backoff); a POST is retried only when it was never fully
/// written or the server answered 5xx (it failed, so it did not take the result); a 4xx means "seen, done". After <see cref="RuntimeOptions.MaxConsecutiveFailures"/>
/// failures in a row it gives up. Lines about an invocation carry its request id (and tenant id), so they stay
/// attributable when several invocations run at once.
/// </summary>
internal sealed class RuntimeApiClient(HttpConnection connection, RuntimeOptions options, LogSink sink, string apiAddress)
    : IRuntimeApiClient
{
    private readonly HttpConnection _connection = connection;
    private readonly RuntimeOptions _options = options;
    private readonly LambdaLogger _runtimeLog = new(sink, null);
    private int _consecutiveFailures;

    public Invocation Next(CancellationToken stop)
    {
        // SIGTERM while blocked on /next: closing the socket is the only way to wake a blocking receive.
        using CancellationTokenRegistration abort = stop.Register(static c => ((HttpConnection)c!).Abort(), _connection);
        while (true)
        {
            HttpResponse response;
            try
            {
                response = _connection.Send(RuntimeApiRequests.Next(), waitForever: true);
            }
            catch (ConnectionFailedException ex)
            {
                stop.ThrowIfCancellationRequested();
                Failed("GET invocation/next", ex.Message, null, stop);
                continue;
            }
            if (response.StatusCode != 200)
            {
                Failed("GET invocation/next", Describe(response), null, stop);
                continue;
            }
            _consecutiveFailures = 0;
            var warnings = new List<string>();
            try
            {
                Invocation invocation = InvocationParser.Parse(response, DateTimeOffset.UtcNow, warnings);
                foreach (string warning in warnings)
                {
                    Log(invocation).LogWarning($"{RuntimeErrorCodes.InvalidInvocation}: request {invocation.RequestId}: {warning}");
                }
                return invocation;
            }
            catch (InvalidInvocationException ex)
            {
                _runtimeLog.LogError(ex.Message);
            }
        }
    }

    public PostOutcome PostResponse(Invocation invocation, ReadOnlyMemory<byte> body, string? contentType) =>
        Post(RuntimeApiRequests.Response(invocation.RequestId, invocation.InvocationId, body, contentType),
            $"POST invocation/{invocation.RequestId}/response", invocation);

    public PostOutcome PostError(Invocation invocation, ErrorReport error) =>
        Post(RuntimeApiRequests.Error(invocation.RequestId, invocation.InvocationId, error),
            $"POST invocation/{invocation.RequestId}/error", invocation);

    public PostOutcome PostInitError(ErrorReport error) => Post(RuntimeApiRequests.InitError(error), "POST init/error", null);

    public IStreamingResponse StartStreamingResponse(Invocation invocation, string contentType) => new StreamingResponse(this, invocation, contentType);

    public void Dispose() => _connection.Dispose();

    /// <summary>The logger for a line about <paramref name="about"/> (made only when a line is written), else the runtime's.</summary>
    private ILambdaLogger Log(Invocation? about) => about is null ? _runtimeLog : new LambdaLogger(sink, about.RequestId, about.TenantId);

    private PostOutcome Post(HttpRequest request, string what, Invocation? about)
    {
        while (true)
        {
            HttpResponse response;
            try
            {
                response = _connection.Send(request);
            }
            catch (ConnectionFailedException ex) when (!ex.RequestFullyWritten)
            {
                // Not every byte left us, so the server cannot have accepted it: safe to send again.
                Failed(what, ex.Message, about, CancellationToken.None);
                continue;
            }
            catch (ConnectionFailedException ex)
            {
                LogUncertain(what, ex, about);
                return PostOutcome.Uncertain;
            }
            if (response.StatusCode >= 500)
            {
                // The server answered that it failed, so it did not take the result: sending it again cannot
                // duplicate it (and if it did take it after all, the repeat is refused as already answered).
                Failed(what, Describe(response), about, CancellationToken.None);
                continue;
            }
            return Judge(response, what, about);
        }
    }

    /// <summary>
    /// 2xx: accepted. Any other answer (4xx; 5xx never reaches here) is final: one line, never sent again, and the
    /// loop goes on. 410 Gone gets its own line: Lambda's word that the invocation is no longer current (its echoed
    /// Lambda-Runtime-Invocation-Id is stale, typically because it timed out), which is not the function's fault.
    /// </summary>
    private PostOutcome Judge(HttpResponse response, string what, Invocation? about)
    {
        _consecutiveFailures = 0;
        if (response.StatusCode is >= 200 and < 300)
        {
            return PostOutcome.Accepted;
        }
        if (response.StatusCode == 410)
        {
            Log(about).LogWarning($"{RuntimeErrorCodes.InvocationGone}: the Runtime API answered {what} with {Describe(response)}: the invocation is " +
                "no longer current (it timed out or was handed out again), so this result was dropped and is not sent again; the function serves on.");
        }
        else
        {
            Log(about).LogError($"{RuntimeErrorCodes.ResultRejected}: the Runtime API answered {what} with {Describe(response)}; the result is not sent again.");
        }
        return PostOutcome.Rejected;
    }

    private void LogUncertain(string what, ConnectionFailedException ex, Invocation? about) =>
        Log(about).LogWarning($"{RuntimeErrorCodes.ResultDeliveryUncertain}: {what} was sent completely but {ex.Message}; it is not sent again, because a repeat could deliver the result twice.");

    private void Failed(string what, string reason, Invocation? about, CancellationToken stop)
    {
        _consecutiveFailures++;
        if (_consecutiveFailures >= _options.MaxConsecutiveFailures)
        {
            throw new RuntimeApiUnreachableException(
                $"{RuntimeErrorCodes.RuntimeApiUnreachable}: {what} failed {_consecutiveFailures} times in a row (last: {reason}). " +
                $"The Runtime API at {apiAddress} is unreachable or broken, so the process exits; Lambda will start a new one. " +
                "Outside Lambda, check that AWS_LAMBDA_RUNTIME_API points at a running Runtime API (e.g. the LambdaSlim emulator).");
        }
        TimeSpan delay = _options.Backoff(_consecutiveFailures);
        Log(about).LogWarning($"{what} failed ({reason}); retry {_consecutiveFailures} in {(int)delay.TotalMilliseconds} ms.");
        if (stop.WaitHandle.WaitOne(delay))
        {
            stop.ThrowIfCancellationRequested();
        }
    }

    private static string Describe(HttpResponse response)
    {
        string body = Encoding.UTF8.GetString(response.Body.AsSpan(0, Math.Min(response.Body.Length, 300)));
        return $"status {response.StatusCode} {response.ReasonPhrase}" + (body.Length > 0 ? $": {body}" : "");
    }

    /// <summary>
    /// The streamed-response variant: a chunked POST that starts with the first write. A lock orders the
    /// handler's writes against the loop ending the response (normally or at the deadline).
    /// </summary>
    private sealed class StreamingResponse(RuntimeApiClient client, Invocation invocation, string contentType) : Stream, IStreamingResponse
    {
        private readonly object _gate = new();
        private bool _started;
        private bool _sealed;
        private bool _broken;

        public Stream Body => this;
        public bool HasStarted => _started;
        private string What => $"POST invocation/{invocation.RequestId}/response (streaming)";

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            lock (_gate)
            {
                if (_sealed)
                {
                    throw new InvalidOperationException("The invocation has ended (answered or timed out); the response stream is closed.");
                }
                if (_broken)
                {
                    throw new IOException("The streamed response was lost: the Runtime API connection failed mid-stream.");
                }
                if (buffer.IsEmpty)
                {
                    return;
                }
                EnsureStarted();
                try
                {
                    client._connection.WriteChunk(buffer);
                }
                catch (ConnectionFailedException ex)
                {
                    // Part of the response is already out: it cannot be started again (that would be a second post).
                    _broken = true;
                    throw new IOException($"The streamed response was lost: {ex.Message}", ex);
                }
            }
        }

        private void EnsureStarted()
        {
            while (!_started)
            {
                try
                {
                    client._connection.BeginChunked(RuntimeApiRequests.StreamingResponse(invocation.RequestId, invocation.InvocationId, contentType));
                    _started = true;
                }
                catch (ConnectionFailedException ex)
                {
                    // Only the head was being written; a partial head is not a request, so starting over is safe.
                    client.Failed(What, ex.Message, invocation, CancellationToken.None);
                }
            }
        }

        public void Seal()
        {
            lock (_gate)
            {
                _sealed = true;
            }
        }

        public PostOutcome Complete(ErrorReport? error)
        {
            lock (_gate)
            {
                if (error is not null && !_started)
                {
                    throw new InvalidOperationException("An error before the first byte is posted to /error, not as trailers.");
                }
                if (_broken)
                {
                    return PostOutcome.Uncertain;
                }
                EnsureStarted();
                try
                {
                    HttpResponse response = client._connection.FinishChunked(
                        error is null ? [] : RuntimeApiRequests.StreamingErrorTrailers(error));
                    return client.Judge(response, What, invocation);
                }
                catch (ConnectionFailedException ex)
                {
                    client.LogUncertain(What, ex, invocation);
                    return PostOutcome.Uncertain;
                }
            }
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }

        public override void Flush()
        {
            // Every write is sent at once (TCP_NODELAY): there is nothing to flush.
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => !_sealed;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
