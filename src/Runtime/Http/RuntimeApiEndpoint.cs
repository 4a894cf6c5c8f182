using System.Net;

namespace LambdaSlim.Runtime.Http;

/// <summary>Where the Runtime API listens: the "host:port" of AWS_LAMBDA_RUNTIME_API.</summary>
internal sealed record RuntimeApiEndpoint(string HostHeader, IPEndPoint EndPoint)
{
    public const string EnvironmentVariable = "AWS_LAMBDA_RUNTIME_API";

    /// <summary>
    /// Parses "127.0.0.1:9001", "[::1]:9001" or "localhost:9001"; null otherwise. Lambda always gives an IP
    /// address; other host names are refused because name resolution would add its library to every binary.
    /// </summary>
    public static RuntimeApiEndpoint? TryParse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        value = value.Trim();
        int colon = value.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(value.AsSpan(colon + 1), System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
        {
            return null;
        }
        string host = value[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }
        if (IPAddress.TryParse(host, out IPAddress? address))
        {
            return new RuntimeApiEndpoint(value, new IPEndPoint(address, port));
        }
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            ? new RuntimeApiEndpoint(value, new IPEndPoint(IPAddress.Loopback, port))
            : null;
    }
}
