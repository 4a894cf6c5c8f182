using System.Text;
using LambdaSlim.Cli.Tests.Support;

namespace LambdaSlim.Cli.Tests;

/// <summary><c>lambdaslim serve</c>: the AWS invoke endpoint over real HTTP, kept up across invokes and timeouts.</summary>
[Collection(TestImagesCollection.Name)]
public sealed class ServeTests(TestImages images)
{
    [Theory]
    [InlineData("x86_64", 50)]
    [InlineData("arm64", 10)]
    public async Task Serves_sequential_invokes_then_recovers_from_a_timeout(string architecture, int invokes)
    {
        using var serve = new ServeProcess(images.Cache, images.Layout, "--arch", architecture, "--timeout", "2");
        var url = await serve.InvokeUrlAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };

        for (var i = 0; i < invokes; i++)
        {
            var body = $"{{\"n\":{i}}}";
            using var response = await http.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.Equal(200, (int)response.StatusCode);
            Assert.False(response.Headers.Contains("X-Amz-Function-Error"));
            Assert.Equal(body, await response.Content.ReadAsStringAsync());
        }

        using (var timedOut = await http.PostAsync(url, new StringContent("{\"action\":\"sleep\"}")))
        {
            Assert.Equal(200, (int)timedOut.StatusCode);
            Assert.Equal("Unhandled", timedOut.Headers.GetValues("X-Amz-Function-Error").Single());
            Assert.Contains("timed out", await timedOut.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        }

        using (var after = await http.PostAsync(url, new StringContent("{\"after\":\"timeout\"}")))
        {
            Assert.Equal(200, (int)after.StatusCode);
            Assert.Equal("{\"after\":\"timeout\"}", await after.Content.ReadAsStringAsync());
        }
        // One process for the first run, a second one started after the timeout killed the first.
        var output = await serve.WaitForStandardErrorAsync(e => CountOccurrences(e, "echo-function started") >= 2, TimeSpan.FromSeconds(10));
        Assert.Equal(2, CountOccurrences(output, "echo-function started"));

        Assert.Equal(0, await serve.TerminateAsync());
        Assert.Contains("lambdaslim: stopping", serve.StandardError);
    }

    [Fact]
    public async Task A_function_error_is_answered_200_with_the_error_header_and_document()
    {
        using var serve = new ServeProcess(images.Cache, images.BootstrapX64);
        var url = await serve.InvokeUrlAsync();
        using var http = new HttpClient();

        using var response = await http.PostAsync(url, new StringContent("{\"action\":\"error\"}"));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("Unhandled", response.Headers.GetValues("X-Amz-Function-Error").Single());
        Assert.Contains("\"errorType\":\"EchoError\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task With_concurrency_N_the_function_is_told_N_and_N_invokes_are_served_at_once()
    {
        const int concurrency = 4;
        using var serve = new ServeProcess(images.Cache, images.BootstrapX64, "--concurrency", concurrency.ToString(), "--timeout", "30");
        var url = await serve.InvokeUrlAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };

        // The function's invocations each wait until all four are in at once: only concurrent serving answers true.
        var invokes = Enumerable.Range(0, concurrency)
            .Select(_ => http.PostAsync(url, new StringContent("{\"action\":\"barrier\"}")))
            .ToList();
        foreach (var invoke in invokes)
        {
            using var response = await invoke;
            Assert.Equal(200, (int)response.StatusCode);
            Assert.Equal("{\"together\":true}", await response.Content.ReadAsStringAsync());
        }
        Assert.Contains($"{concurrency} invocations at once (AWS_LAMBDA_MAX_CONCURRENCY)", serve.StandardError);
        Assert.Equal(0, await serve.TerminateAsync());
    }

    private static int CountOccurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + 1, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }
}
