using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace LambdaSlim.Runtime.Http;

/// <summary>
/// Opens the TCP connection to the Runtime API. On Linux (every Lambda sandbox) the descriptor is connected
/// with libc's socket()/connect() and then handed to <see cref="Socket"/>, which does all the I/O:
/// Socket.Connect links connection telemetry (System.Diagnostics.Activity and what it uses): 41 KB of the hello
/// function binary, 222 KB of a bare socket program. NativeAOT folds the OperatingSystem check, so a Linux binary carries
/// only the libc path and other systems keep the portable one.
/// </summary>
internal static class SocketConnector
{
    private const int AfInet = 2;
    private const int AfInet6 = 10;
    private const int SockStream = 1;
    private const int SockCloexec = 0x80000;

    /// <summary>A connected socket, or a <see cref="SocketException"/> / <see cref="IOException"/> saying why not.</summary>
    public static Socket Connect(IPEndPoint endPoint)
    {
        if (!OperatingSystem.IsLinux())
        {
            var portable = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                portable.Connect(endPoint);
                return portable;
            }
            catch
            {
                portable.Dispose();
                throw;
            }
        }

        byte[] address = LinuxSocketAddress(endPoint);
        int fd = socket(endPoint.AddressFamily == AddressFamily.InterNetworkV6 ? AfInet6 : AfInet, SockStream | SockCloexec, 0);
        if (fd < 0)
        {
            throw new IOException($"socket() failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }
        if (connect(fd, address, address.Length) != 0)
        {
            string reason = Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());
            _ = close(fd);
            throw new IOException($"{reason} {endPoint}");
        }
        return new Socket(new SafeSocketHandle(fd, ownsHandle: true));
    }

    /// <summary>struct sockaddr_in (16 bytes) or sockaddr_in6 (28 bytes): family in host order, port in network order.</summary>
    internal static byte[] LinuxSocketAddress(IPEndPoint endPoint)
    {
        bool v6 = endPoint.AddressFamily == AddressFamily.InterNetworkV6;
        byte[] address = new byte[v6 ? 28 : 16];
        BitConverter.TryWriteBytes(address.AsSpan(0, 2), (ushort)(v6 ? AfInet6 : AfInet));
        address[2] = (byte)(endPoint.Port >> 8);
        address[3] = (byte)endPoint.Port;
        if (v6)
        {
            endPoint.Address.TryWriteBytes(address.AsSpan(8, 16), out _);
            BitConverter.TryWriteBytes(address.AsSpan(24, 4), (uint)endPoint.Address.ScopeId);
        }
        else
        {
            endPoint.Address.TryWriteBytes(address.AsSpan(4, 4), out _);
        }
        return address;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int socket(int domain, int type, int protocol);

    [DllImport("libc", SetLastError = true)]
    private static extern int connect(int fd, byte[] address, int length);

    [DllImport("libc", SetLastError = true)]
    private static extern int close(int fd);
}
