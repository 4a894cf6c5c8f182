namespace LambdaSlim.Runtime.Http;

/// <summary>
/// A request to the Runtime API failed at the transport level (connect, write, read, protocol).
/// <see cref="RequestFullyWritten"/> decides whether a retry is safe: once every byte of a request left us, the
/// server may have acted on it, so a POST is never repeated (that is what "posted twice" would mean).
/// </summary>
internal sealed class ConnectionFailedException(string message, bool requestFullyWritten, Exception? inner = null)
    : Exception(message, inner)
{
    public bool RequestFullyWritten { get; } = requestFullyWritten;
}
