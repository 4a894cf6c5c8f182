namespace LambdaSlim.Runtime.Http;

/// <summary>
/// One HTTP/1.1 request to send: method, path (already percent-encoded), extra headers and either a body
/// (sent with Content-Length) or, when <see cref="Chunked"/>, a body the caller streams as chunks afterwards.
/// </summary>
internal sealed record HttpRequest(string Method, string Path, IReadOnlyList<KeyValuePair<string, string>> Headers,
    ReadOnlyMemory<byte> Body = default, bool Chunked = false);
