using System.Diagnostics;
using System.Text;
using System.Text.Json;
using LambdaSlim.Sdk.Tests.Infrastructure;
using LambdaSlim.Tests.Shared;

namespace LambdaSlim.Sdk.Tests;

/// <summary>
/// The same test-projects/WebApi with `dotnet run`, outside Lambda (no AWS_LAMBDA_RUNTIME_API): AddLambdaSlimHosting
/// leaves Kestrel in place, which serves every route on 127.0.0.1.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class WebApiKestrelTests(PublishedSamples samples)
{
    [Fact]
    public async Task Dotnet_run_serves_the_same_routes_over_Kestrel_on_loopback()
    {
        // The published sample's folder: its NuGet.config and global.json already resolve the packed SDK.
        var workspace = (await samples.WebApiDefault).Workspace;
        int port = LoopbackPort.Free();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workspace.Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { "run", "--no-launch-profile", "--", "--urls", $"http://127.0.0.1:{port}" })
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in SampleWorkspace.DotNetEnvironment(new Dictionary<string, string?> { ["AWS_LAMBDA_RUNTIME_API"] = null }))
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }
        var output = new StringBuilder();
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // Cookies are the app's answer to read, not state for the client to keep.
        using var client = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        try
        {
            await WaitUntilServingAsync(client, process, output);

            await WebApiRoutes.AssertRoutesAsync(request => SendAsync(client, request));

            var info = await SendAsync(client, WebApiRoutes.Info);
            using (var body = JsonDocument.Parse(info.Body))
            {
                Assert.Equal("Hello from appsettings.json", body.RootElement.GetProperty("greeting").GetString());
                Assert.Equal(JsonValueKind.Null, body.RootElement.GetProperty("lambdaRequestId").ValueKind);
                Assert.Equal(JsonValueKind.Null, body.RootElement.GetProperty("eventSource").ValueKind);
                Assert.Equal("127.0.0.1", body.RootElement.GetProperty("remoteIp").GetString());
            }
            Assert.Equal(500, (await SendAsync(client, WebApiRoutes.Boom)).StatusCode);
            Assert.Equal(200, (await SendAsync(client, WebApiRoutes.FirstOrder)).StatusCode);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>`dotnet run` builds first: wait for the first answer, or fail with the output when the process ends.</summary>
    private static async Task WaitUntilServingAsync(HttpClient client, Process process, StringBuilder output)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(process.HasExited, $"dotnet run ended:\n{output}");
            try
            {
                using var response = await client.GetAsync("/orders/1");
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(250);
            }
        }
        Assert.Fail($"dotnet run did not serve within 5 minutes:\n{output}");
    }

    private static async Task<HttpAnswer> SendAsync(HttpClient client, HttpRequestSpec request)
    {
        string query = request.Query.Count == 0 ? "" : "?" + request.QueryString;
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Path + query);
        foreach (var (name, value) in request.Headers)
        {
            message.Headers.Add(name, value);
        }
        if (request.Cookies.Count > 0)
        {
            message.Headers.Add("Cookie", string.Join("; ", request.Cookies));
        }
        if (request.Body is not null)
        {
            message.Content = new StringContent(request.Body, Encoding.UTF8, "application/json");
        }
        using var response = await client.SendAsync(message);
        var headers = response.Headers.Concat(response.Content.Headers)
            .ToDictionary(h => h.Key, h => h.Value.ToArray(), StringComparer.OrdinalIgnoreCase);
        var cookies = headers.TryGetValue("Set-Cookie", out var setCookie) ? setCookie : [];
        return new HttpAnswer((int)response.StatusCode, headers, cookies, await response.Content.ReadAsByteArrayAsync());
    }
}
