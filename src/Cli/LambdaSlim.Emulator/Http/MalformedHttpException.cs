namespace LambdaSlim.Emulator.Http;

/// <summary>
/// The peer sent bytes that are not valid HTTP/1.1 (or exceed a limit). The server answers with
/// <see cref="StatusCode"/> when it still can and closes the connection: after a framing error the
/// position of the next request is unknown.
/// </summary>
internal sealed class MalformedHttpException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
}
