using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace LambdaSlim.AspNetCore.Features;

/// <summary>
/// The response as the app writes it, with Kestrel's rules: it starts at the first write or flush (OnStarting
/// callbacks run, then status and headers are fixed), OnCompleted callbacks run last. Buffered, the body collects in
/// memory and becomes the invocation's answer at the end; streamed, <c>onStart</c> sends the head (the prelude) and
/// every write goes straight to Lambda.
/// </summary>
internal sealed class LambdaResponseFeature : IHttpResponseFeature, IHttpResponseBodyFeature
{
    private readonly Stream _destination;
    private readonly Func<LambdaResponseFeature, Task>? _onStart;
    private readonly ResponseBodyStream _body;
    private Stack<(Func<object, Task> Callback, object State)>? _onStarting;
    private Stack<(Func<object, Task> Callback, object State)>? _onCompleted;
    private PipeWriter? _writer;
    private int _statusCode = StatusCodes.Status200OK;
    private string? _reasonPhrase;
    private bool _failed;

    /// <summary>A buffered response into <paramref name="buffer"/>.</summary>
    public LambdaResponseFeature(MemoryStream buffer) : this(buffer, null)
    {
    }

    /// <summary>A streamed response to <paramref name="output"/>; <paramref name="onStart"/> writes its head.</summary>
    public LambdaResponseFeature(Stream output, Func<LambdaResponseFeature, Task>? onStart)
    {
        _destination = output;
        _onStart = onStart;
        _body = new ResponseBodyStream(this, output);
    }

    public int StatusCode
    {
        get => _statusCode;
        set
        {
            ThrowIfStarted(nameof(StatusCode));
            _statusCode = value;
        }
    }

    public string? ReasonPhrase
    {
        get => _reasonPhrase;
        set
        {
            ThrowIfStarted(nameof(ReasonPhrase));
            _reasonPhrase = value;
        }
    }

    public IHeaderDictionary Headers { get; set; } = new HeaderDictionary();

    [Obsolete("Use IHttpResponseBodyFeature.Stream instead.")]
    Stream IHttpResponseFeature.Body
    {
        get => _body;
        set => throw new NotSupportedException("Replace the body through IHttpResponseBodyFeature (HttpResponse.Body).");
    }

    public bool HasStarted { get; private set; }

    /// <summary>The body's bytes (buffered mode).</summary>
    public ReadOnlySpan<byte> BufferedBody => ((MemoryStream)_destination).GetBuffer().AsSpan(0, (int)_destination.Length);

    public Stream Stream => _body;

    public PipeWriter Writer => _writer ??= PipeWriter.Create(_body, new StreamPipeWriterOptions(leaveOpen: true));

    public void OnStarting(Func<object, Task> callback, object state)
    {
        ThrowIfStarted(nameof(OnStarting));
        (_onStarting ??= new()).Push((callback, state));
    }

    public void OnCompleted(Func<object, Task> callback, object state) => (_onCompleted ??= new()).Push((callback, state));

    public void DisableBuffering()
    {
        // Nothing to disable: a streamed body goes out as written, a buffered one can only go out whole.
    }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (HasStarted)
        {
            return;
        }
        // Last registered, first run, as in Kestrel.
        while (_onStarting is { Count: > 0 })
        {
            (Func<object, Task> callback, object state) = _onStarting.Pop();
            await callback(state).ConfigureAwait(false);
        }
        HasStarted = true;
        if (Headers is HeaderDictionary headers)
        {
            headers.IsReadOnly = true;
        }
        if (_onStart is not null)
        {
            await _onStart(this).ConfigureAwait(false);
        }
    }

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
        SendFileFallback.SendFileAsync(_body, path, offset, count, cancellationToken);

    public async Task CompleteAsync()
    {
        await StartAsync().ConfigureAwait(false);
        if (_writer is not null)
        {
            await _writer.FlushAsync().ConfigureAwait(false);
        }
        await _destination.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// The app failed before anything was sent: the answer becomes an empty 500, as Kestrel's, whatever it had set or
    /// buffered (later writes are dropped).
    /// </summary>
    public void Fail()
    {
        if (HasStarted && _onStart is not null)
        {
            throw new InvalidOperationException("A streamed response that has started cannot become a 500.");
        }
        _failed = true;
        // As in Kestrel, the app's OnStarting callbacks do not run for the error response.
        _onStarting = null;
        _statusCode = StatusCodes.Status500InternalServerError;
        _reasonPhrase = null;
        Headers = new HeaderDictionary { [HeaderNames.ContentLength] = "0" };
        if (_onStart is null)
        {
            _destination.SetLength(0);
        }
    }

    /// <summary>Whether writes still reach the destination (not after <see cref="Fail"/>).</summary>
    internal bool AcceptsWrites => !_failed;

    public async Task FireOnCompletedAsync()
    {
        while (_onCompleted is { Count: > 0 })
        {
            (Func<object, Task> callback, object state) = _onCompleted.Pop();
            await callback(state).ConfigureAwait(false);
        }
    }

    private void ThrowIfStarted(string what)
    {
        if (HasStarted)
        {
            throw new InvalidOperationException($"{what} cannot be set because the response has already started.");
        }
    }
}
