namespace LambdaSlim.Emulator.Http;

/// <summary>How the body of a message is delimited (RFC 9112 §6).</summary>
internal enum BodyFraming
{
    None,
    ContentLength,
    Chunked,
}

/// <summary>The request line and header fields of one request, as parsed by <see cref="HttpRequestHeadParser"/>.</summary>
internal sealed record HttpRequestHead(
    string Method,
    string Target,
    string Version,
    HttpHeaders Headers,
    BodyFraming Framing,
    long ContentLength)
{
    /// <summary>HTTP/1.1 keeps the connection unless told to close; HTTP/1.0 closes unless told to keep it.</summary>
    public bool KeepAlive
    {
        get
        {
            var connection = Headers.Get("Connection");
            bool Has(string token) => connection is not null && connection
                .Split(',', StringSplitOptions.TrimEntries)
                .Any(t => string.Equals(t, token, StringComparison.OrdinalIgnoreCase));
            return Version == "HTTP/1.1" ? !Has("close") : Has("keep-alive");
        }
    }
}
