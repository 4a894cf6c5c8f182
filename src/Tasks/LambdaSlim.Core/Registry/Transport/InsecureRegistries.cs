using System.Net;

namespace LambdaSlim.Core.Registry.Transport;

/// <summary>
/// Which hosts may be reached over plain HTTP (and with unverified TLS certificates): loopback hosts
/// (127.0.0.0/8, localhost, [::1]) and those listed in <c>DOTNET_CONTAINER_INSECURE_REGISTRIES</c>, a
/// semicolon-separated list of <c>host[:port]</c> as the .NET SDK reads it. Every other host is HTTPS only.
/// </summary>
public sealed class InsecureRegistries(IEnumerable<string> listed)
{
    public const string Variable = "DOTNET_CONTAINER_INSECURE_REGISTRIES";

    private readonly HashSet<string> _listed = listed.Select(h => h.Trim().ToLowerInvariant()).Where(h => h.Length > 0).ToHashSet();

    public static InsecureRegistries FromEnvironment(Func<string, string?> environment)
        => new((environment(Variable) ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>True when <paramref name="authority"/> (host or host:port) may use plain HTTP.</summary>
    public bool Allows(string authority)
    {
        var normalised = authority.ToLowerInvariant();
        if (_listed.Contains(normalised))
        {
            return true;
        }
        var host = HostOf(normalised);
        if (_listed.Contains(host))
        {
            return true;
        }
        return host == "localhost" || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }

    private static string HostOf(string authority)
    {
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']');
            return close > 0 ? authority[..(close + 1)] : authority;
        }
        var colon = authority.LastIndexOf(':');
        return colon > 0 ? authority[..colon] : authority;
    }
}
