using System.Net;
using System.Net.Sockets;

namespace LambdaSlim.Tests.Shared;

/// <summary>Ports on 127.0.0.1 for the servers tests start (they bind to loopback only).</summary>
public static class LoopbackPort
{
    /// <summary>A port that was free a moment ago: the kernel's pick for a listener that is closed at once.</summary>
    public static int Free()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
