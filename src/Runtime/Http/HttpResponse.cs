namespace LambdaSlim.Runtime.Http;

/// <summary>A complete HTTP response as read from the Runtime API.</summary>
internal sealed class HttpResponse(int statusCode, string reasonPhrase, HttpHeaderCollection headers, byte[] body,
    HttpHeaderCollection trailers, bool keepAlive)
{
    public int StatusCode { get; } = statusCode;
    public string ReasonPhrase { get; } = reasonPhrase;
    public HttpHeaderCollection Headers { get; } = headers;
    public byte[] Body { get; } = body;
    /// <summary>Trailer fields of a chunked body (empty otherwise).</summary>
    public HttpHeaderCollection Trailers { get; } = trailers;
    /// <summary>False when the server asked to close or delimited the body by closing the connection.</summary>
    public bool KeepAlive { get; } = keepAlive;
}
