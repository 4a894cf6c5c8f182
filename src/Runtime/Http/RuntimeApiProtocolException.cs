namespace LambdaSlim.Runtime.Http;

/// <summary>
/// The Runtime API sent bytes that are not a valid HTTP/1.1 response. The connection cannot be trusted after
/// this (framing is lost), so the owner closes it.
/// </summary>
internal sealed class RuntimeApiProtocolException(string message)
    : Exception($"{RuntimeErrorCodes.ProtocolError}: the Runtime API sent an invalid HTTP response: {message}.");
