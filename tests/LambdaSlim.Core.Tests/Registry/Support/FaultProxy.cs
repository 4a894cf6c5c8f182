using LambdaSlim.Tests.Shared;
using System.Collections.Concurrent;
using System.Net;

namespace LambdaSlim.Core.Tests.Registry.Support;

/// <summary>
/// A tiny reverse proxy on 127.0.0.1 in front of the real registry, for fault injection: it answers chosen
/// requests with an error instead of forwarding them, and records every request line (to count uploads).
/// The registry sees the proxy's Host header, so the upload locations it returns lead back through the proxy.
/// </summary>
internal sealed class FaultProxy : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly HttpClient _forward = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
    private readonly string _target;

    public FaultProxy(string targetHost)
    {
        _target = targetHost;
        Port = LoopbackPort.Free();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Host => $"127.0.0.1:{Port}";

    /// <summary>Returns a status code to answer with instead of forwarding (null forwards).</summary>
    public Func<string, string, int?> Fault { get; set; } = (_, _) => null;

    public ConcurrentQueue<string> Requests { get; } = new();

    public ConcurrentQueue<string> Injected { get; } = new();

    /// <summary>Blob uploads that reached the registry: monolithic or final PUTs with a digest, and PATCH chunks.</summary>
    public int BlobUploads => Requests.Count(r => (r.StartsWith("PUT ") && r.Contains("/blobs/uploads/") && r.Contains("digest=")) || r.StartsWith("PATCH "));

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var line = $"{request.HttpMethod} {request.RawUrl}";
        try
        {
            if (Fault(request.HttpMethod, request.RawUrl ?? "") is { } status)
            {
                Injected.Enqueue(line);
                await request.InputStream.CopyToAsync(Stream.Null);
                context.Response.StatusCode = status;
                context.Response.Close();
                return;
            }
            Requests.Enqueue(line);
            using var forward = new HttpRequestMessage(new HttpMethod(request.HttpMethod), $"http://{_target}{request.RawUrl}");
            if (request.HasEntityBody)
            {
                forward.Content = new StreamContent(request.InputStream);
            }
            foreach (var name in request.Headers.AllKeys.OfType<string>())
            {
                if (name is "Host" or "Content-Length" or "Transfer-Encoding" or "Connection" or "Expect")
                {
                    continue;
                }
                var value = request.Headers[name]!;
                if (!forward.Headers.TryAddWithoutValidation(name, value) && forward.Content is not null)
                {
                    forward.Content.Headers.TryAddWithoutValidation(name, value);
                }
            }
            forward.Headers.Host = Host;
            using var response = await _forward.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead);
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var header in response.Headers.Concat(response.Content.Headers))
            {
                if (header.Key is "Transfer-Encoding" or "Content-Length" or "Connection")
                {
                    continue;
                }
                context.Response.Headers[header.Key] = string.Join(",", header.Value);
            }
            if (response.Content.Headers.ContentLength is { } length)
            {
                context.Response.ContentLength64 = length;
            }
            if (request.HttpMethod != "HEAD")
            {
                await (await response.Content.ReadAsStreamAsync()).CopyToAsync(context.Response.OutputStream);
            }
            context.Response.Close();
        }
        catch (Exception)
        {
            context.Response.Abort();
        }
    }

    public void Dispose()
    {
        _listener.Close();
        _forward.Dispose();
    }
}
