using System.Collections.Concurrent;
using LambdaSlim.Runtime.Api;

namespace LambdaSlim.Runtime.Tests;

/// <summary>
/// An in-memory invocation source and result sink for driving the loop without a server (transport behaviour
/// is tested against a real loopback socket elsewhere). Records every call in order in <see cref="Journal"/>.
/// </summary>
internal sealed class FakeRuntimeApi : IRuntimeApiClient
{
    private readonly BlockingCollection<Invocation> _events = [];

    public ConcurrentQueue<string> Journal { get; } = new();
    public ConcurrentQueue<(Invocation Invocation, byte[] Body, string? ContentType, DateTimeOffset At)> Responses { get; } = new();
    public ConcurrentQueue<(Invocation Invocation, ErrorReport Error, DateTimeOffset At)> Errors { get; } = new();
    public ConcurrentQueue<ErrorReport> InitErrors { get; } = new();
    public List<FakeStream> Streams { get; } = [];

    public void Enqueue(Invocation invocation) => _events.Add(invocation);

    public static Invocation Event(string requestId, TimeSpan timeout, string body = "{}", string? traceId = null) =>
        new(requestId, null, DateTimeOffset.UtcNow + timeout, "arn:aws:lambda:us-east-1:1:function:f", traceId, null, null, null,
            System.Text.Encoding.UTF8.GetBytes(body));

    public Invocation Next(CancellationToken stop)
    {
        Journal.Enqueue("next");
        return _events.Take(stop);
    }

    public PostOutcome PostResponse(Invocation invocation, ReadOnlyMemory<byte> body, string? contentType)
    {
        Journal.Enqueue("response:" + invocation.RequestId);
        Responses.Enqueue((invocation, body.ToArray(), contentType, DateTimeOffset.UtcNow));
        return PostOutcome.Accepted;
    }

    public PostOutcome PostError(Invocation invocation, ErrorReport error)
    {
        Journal.Enqueue("error:" + invocation.RequestId);
        Errors.Enqueue((invocation, error, DateTimeOffset.UtcNow));
        return PostOutcome.Accepted;
    }

    public PostOutcome PostInitError(ErrorReport error)
    {
        Journal.Enqueue("init-error");
        InitErrors.Enqueue(error);
        return PostOutcome.Accepted;
    }

    public void Dispose()
    {
    }

    public IStreamingResponse StartStreamingResponse(Invocation invocation, string contentType)
    {
        var stream = new FakeStream(this, invocation);
        Streams.Add(stream);
        return stream;
    }

    internal sealed class FakeStream(FakeRuntimeApi api, Invocation invocation) : MemoryStream, IStreamingResponse
    {
        private bool _sealed;
        public Stream Body => this;
        public bool HasStarted => Length > 0;
        public ErrorReport? TrailerError { get; private set; }
        public bool Completed { get; private set; }

        public override void Write(ReadOnlySpan<byte> buffer) => Write(buffer.ToArray(), 0, buffer.Length);

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (_sealed)
            {
                throw new InvalidOperationException("sealed");
            }
            base.Write(buffer, offset, count);
        }

        public void Seal() => _sealed = true;

        public PostOutcome Complete(ErrorReport? error)
        {
            api.Journal.Enqueue("stream-complete:" + invocation.RequestId);
            TrailerError = error;
            Completed = true;
            return PostOutcome.Accepted;
        }
    }
}
