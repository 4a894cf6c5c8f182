using LambdaSlim.Tests.Shared;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using LambdaSlim.Core.Registry.Ecr;
using LambdaSlim.Tests.Shared.Aws;

namespace LambdaSlim.Core.Tests.Registry.Ecr.Support;

/// <summary>One request as the endpoint received it, and what its signature check concluded.</summary>
internal sealed record CapturedEcrRequest(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Headers,
    byte[] Body,
    string? SignatureProblem)
{
    public string Target => Headers.GetValueOrDefault("X-Amz-Target", "");

    public string BodyText => Encoding.UTF8.GetString(Body);

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}

/// <summary>
/// A small stand-in for the ECR API on 127.0.0.1 (a free port) that checks what the real one checks: the JSON
/// 1.1 protocol (POST /, X-Amz-Target, application/x-amz-json-1.1) and the SigV4 signature, recomputed from the
/// received bytes with the known secret (and session token, when one is expected). It answers
/// GetAuthorizationToken with base64("AWS:" + <c>registryPassword</c>), and DescribeRepositories /
/// CreateRepository from an in-memory set of names. Errors have ECR's shape (HTTP 400, <c>__type</c>, message).
/// </summary>
internal sealed class LocalEcrEndpoint : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly SigV4Check _signature;
    private readonly string _region;
    private readonly string _registryPassword;
    private readonly Task _loop;

    public LocalEcrEndpoint(AwsSigningCredentials expected, string region, string registryPassword)
    {
        _signature = new SigV4Check(expected, region, "ecr", "x-amz-target");
        _region = region;
        _registryPassword = registryPassword;
        var port = LoopbackPort.Free();
        Uri = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(Uri.ToString());
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri Uri { get; }

    public ConcurrentQueue<CapturedEcrRequest> Requests { get; } = new();

    public ConcurrentDictionary<string, bool> Repositories { get; } = new();

    /// <summary>How long issued tokens live (ECR: 12 hours).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Answers to give instead of the normal ones, first in first out: (status, __type, message).</summary>
    public ConcurrentQueue<(int Status, string Type, string Message)> ScriptedErrors { get; } = new();

    /// <summary>The environment an EcrClient reads: AWS_ENDPOINT_URL_ECR pointing here.</summary>
    public Func<string, string?> Environment => name => name == EcrEndpoint.ServiceVariable ? Uri.ToString() : null;

    private async Task ServeAsync()
    {
        while (true)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (!_listener.IsListening)
            {
                return; // Dispose stopped the listener; which exception the pending accept ends with varies.
            }
            try
            {
                await HandleAsync(context);
            }
            catch (Exception e)
            {
                try
                {
                    await ReplyAsync(context.Response, 500, JsonSerializer.Serialize(new Dictionary<string, string> { ["__type"] = "InternalFailure", ["message"] = e.Message }), "InternalFailure");
                }
                catch (Exception replyFailure) when (replyFailure is HttpListenerException or IOException or ObjectDisposedException)
                {
                    // The client is gone; nothing left to tell it.
                }
            }
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        using var buffer = new MemoryStream();
        await request.InputStream.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var headers = request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => request.Headers[k]!, StringComparer.OrdinalIgnoreCase);

        var problem = _signature.Problem(request.HttpMethod, request.Url!, headers, body);
        var captured = new CapturedEcrRequest(request.HttpMethod, request.Url!.AbsolutePath, headers, body, problem);
        Requests.Enqueue(captured);

        if (problem is not null)
        {
            // AWS's own InvalidSignatureException message goes on with the canonical request it expected,
            // token included: the client must not pass that on.
            await Error(context.Response, problem.StartsWith("unknown key", StringComparison.Ordinal) ? "UnrecognizedClientException" : "InvalidSignatureException",
                $"The request signature we calculated does not match the signature you provided ({problem}).\n\nThe Canonical String for this request should have been\n'x-amz-security-token:{headers.GetValueOrDefault("X-Amz-Security-Token")}'");
            return;
        }
        if (ScriptedErrors.TryDequeue(out var scripted))
        {
            await ReplyAsync(context.Response, scripted.Status, JsonSerializer.Serialize(new Dictionary<string, string> { ["__type"] = scripted.Type, ["message"] = scripted.Message }), scripted.Type);
            return;
        }
        if (request.HttpMethod != "POST" || request.Url.AbsolutePath != "/"
            || headers.GetValueOrDefault("Content-Type") != "application/x-amz-json-1.1")
        {
            await Error(context.Response, "SerializationException", "Expected POST / with Content-Type application/x-amz-json-1.1.");
            return;
        }

        var input = JsonDocument.Parse(body).RootElement;
        switch (captured.Target)
        {
            case "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken":
                var token = Convert.ToBase64String(Encoding.UTF8.GetBytes("AWS:" + _registryPassword));
                var expiresAt = DateTimeOffset.UtcNow.Add(TokenLifetime).ToUnixTimeMilliseconds() / 1000.0;
                await ReplyAsync(context.Response, 200, $$"""{"authorizationData":[{"authorizationToken":"{{token}}","expiresAt":{{expiresAt.ToString(CultureInfo.InvariantCulture)}},"proxyEndpoint":"https://123456789012.dkr.ecr.{{_region}}.amazonaws.com"}]}""");
                return;
            case "AmazonEC2ContainerRegistry_V20150921.DescribeRepositories":
                var name = input.GetProperty("repositoryNames")[0].GetString()!;
                if (!Repositories.ContainsKey(name))
                {
                    await Error(context.Response, "RepositoryNotFoundException", $"The repository with name '{name}' does not exist in the registry with id '123456789012'");
                    return;
                }
                await ReplyAsync(context.Response, 200, $$"""{"repositories":[{"repositoryName":"{{name}}","imageTagMutability":"MUTABLE"}]}""");
                return;
            case "AmazonEC2ContainerRegistry_V20150921.CreateRepository":
                var created = input.GetProperty("repositoryName").GetString()!;
                if (!Repositories.TryAdd(created, true))
                {
                    await Error(context.Response, "RepositoryAlreadyExistsException", $"The repository with name '{created}' already exists in the registry with id '123456789012'");
                    return;
                }
                await ReplyAsync(context.Response, 200, JsonSerializer.Serialize(new { repository = new { repositoryName = created } }));
                return;
            default:
                await Error(context.Response, "UnknownOperationException", "Unknown operation " + captured.Target);
                return;
        }
    }

    private static Task Error(HttpListenerResponse response, string type, string message)
        => ReplyAsync(response, 400, JsonSerializer.Serialize(new Dictionary<string, string> { ["__type"] = type, ["message"] = message }), type);

    private static async Task ReplyAsync(HttpListenerResponse response, int status, string json, string? errorType = null)
    {
        response.StatusCode = status;
        response.ContentType = "application/x-amz-json-1.1";
        if (errorType is not null)
        {
            response.Headers["x-amzn-ErrorType"] = errorType + ":http://internal.amazon.com/coral/com.amazon.coral.service/";
        }
        var bytes = Encoding.UTF8.GetBytes(json);
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
        response.Close();
    }

    public void Dispose()
    {
        try
        {
            _listener.Stop();
            _listener.Close();
        }
        catch (HttpListenerException)
        {
            // Managed HttpListener on Linux looks its endpoint up again while closing and can throw "Address already
            // in use" when another test has meanwhile bound the same port. Its own socket is closed either way.
        }

        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
