using System.Text;

namespace LambdaSlim.Sdk.Tests.Infrastructure;

/// <summary>An HTTP answer as the client gets it (from a Lambda answer or from Kestrel): status, every header value, cookies, body bytes.</summary>
public sealed record HttpAnswer(int StatusCode, IReadOnlyDictionary<string, string[]> Headers, IReadOnlyList<string> Cookies, byte[] Body)
{
    public string Header(string name) => Headers.TryGetValue(name, out var values) ? string.Join(", ", values) : "";

    public string Text => Encoding.UTF8.GetString(Body);
}
