using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace LambdaSlim.Runtime.Http;

/// <summary>
/// A connected TCP socket driven straight through libc: socket/connect, writev, recv, poll, shutdown, close.
/// Why not <see cref="Socket"/>: wrapping even a connected descriptor starts .NET's socket engine (an epoll
/// instance and its ".NET Sockets" thread) and probes the descriptor with six system calls, all before the first
/// request, and Socket.Connect links connection telemetry; a blocking client needs none of it. In a function
/// binary the SDK binds these imports at link time (DirectPInvoke "libc"), so no library is probed at run time.
/// Linux only (the constants and struct layouts are Linux's; the host refuses other systems with LSLIM4011).
/// Not thread-safe except <see cref="Shutdown"/>, which another thread may call to wake a blocked read.
/// </summary>
internal sealed unsafe class LibcSocket : IDisposable
{
    private const int AfInet = 2;
    private const int AfInet6 = 10;
    private const int SockStream = 1;
    private const int SockCloexec = 0x80000;
    private const int SolSocket = 1;
    private const int SoRcvTimeo = 20;
    private const int IpProtoTcp = 6;
    private const int TcpNoDelay = 1;
    private const short PollIn = 0x001;
    private const int ShutRdWr = 2;
    private const int EIntr = 4;
    private const int EAgain = 11;

    private readonly object _gate = new();
    private readonly TimeSpan _receiveTimeout;
    private int _fd;

    private LibcSocket(int fd, TimeSpan receiveTimeout)
    {
        _fd = fd;
        _receiveTimeout = receiveTimeout;
    }

    /// <summary>
    /// A connected socket with Nagle off whose reads give up after <paramref name="receiveTimeout"/> without data
    /// (unless told to wait forever), or an <see cref="IOException"/> saying why not. The bound is set once here
    /// (SO_RCVTIMEO), not per read: switching it between "forever" and a bound would cost two system calls per
    /// invocation.
    /// </summary>
    public static LibcSocket Connect(IPEndPoint endPoint, TimeSpan receiveTimeout)
    {
        byte[] address = LinuxSocketAddress(endPoint);
        int fd = socket(endPoint.AddressFamily == AddressFamily.InterNetworkV6 ? AfInet6 : AfInet, SockStream | SockCloexec, 0);
        if (fd < 0)
        {
            throw Failure("socket()");
        }
        var connected = new LibcSocket(fd, receiveTimeout);
        try
        {
            int result;
            fixed (byte* sockaddr = address)
            {
                do
                {
                    result = connect(fd, sockaddr, address.Length);
                }
                while (result != 0 && Marshal.GetLastPInvokeError() == EIntr);
            }
            if (result != 0)
            {
                throw Failure(endPoint.ToString());
            }
            int on = 1;
            // Requests go out whole in one writev; Nagle would only hold back the last segment of a big one.
            _ = setsockopt(fd, IpProtoTcp, TcpNoDelay, &on, sizeof(int));
            long microseconds = (long)receiveTimeout.TotalMicroseconds;
            TimeVal bound = new(microseconds / 1_000_000, microseconds % 1_000_000);
            if (setsockopt(fd, SolSocket, SoRcvTimeo, &bound, sizeof(TimeVal)) != 0)
            {
                throw Failure("setsockopt(SO_RCVTIMEO)");
            }
            return connected;
        }
        catch
        {
            connected.Dispose();
            throw;
        }
    }

    /// <summary>Sends <paramref name="first"/> then <paramref name="second"/> in as few system calls as the kernel allows (one, normally).</summary>
    public void Send(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        fixed (byte* a = first)
        fixed (byte* b = second)
        {
            Iovec* vectors = stackalloc Iovec[2];
            nint doneFirst = 0, doneSecond = 0;
            while (doneFirst < first.Length || doneSecond < second.Length)
            {
                int count = 0;
                if (doneFirst < first.Length)
                {
                    vectors[count++] = new Iovec(a + doneFirst, first.Length - doneFirst);
                }
                if (doneSecond < second.Length)
                {
                    vectors[count++] = new Iovec(b + doneSecond, second.Length - doneSecond);
                }
                nint sent = writev(Descriptor, vectors, count);
                if (sent < 0)
                {
                    if (Marshal.GetLastPInvokeError() == EIntr)
                    {
                        continue;
                    }
                    throw Failure("send");
                }
                nint fromFirst = Math.Min(sent, first.Length - doneFirst);
                doneFirst += fromFirst;
                doneSecond += sent - fromFirst;
            }
        }
    }

    /// <summary>
    /// Reads what has arrived (at least one byte, or 0 at end of stream). Without data for the socket's receive
    /// timeout it throws <see cref="TimeoutException"/>, unless <paramref name="waitForever"/> says to keep waiting.
    /// </summary>
    public int Receive(Span<byte> buffer, bool waitForever)
    {
        fixed (byte* target = buffer)
        {
            while (true)
            {
                nint received = recv(Descriptor, target, buffer.Length, 0);
                if (received >= 0)
                {
                    return (int)received;
                }
                int error = Marshal.GetLastPInvokeError();
                if (error == EAgain && !waitForever)
                {
                    throw new TimeoutException($"no response within {(long)_receiveTimeout.TotalMilliseconds} ms");
                }
                if (error != EIntr && error != EAgain)
                {
                    throw Failure("recv");
                }
            }
        }
    }

    /// <summary>
    /// True when a read would not block right now: the peer closed the connection or sent something. On an idle
    /// keep-alive connection either means it must not be used for another request.
    /// </summary>
    public bool IsReadable()
    {
        var poll = new PollFd { Fd = Descriptor, Events = PollIn };
        while (true)
        {
            int ready = LibcSocket.poll(&poll, 1, 0);
            if (ready >= 0)
            {
                return ready > 0;
            }
            if (Marshal.GetLastPInvokeError() != EIntr)
            {
                throw Failure("poll");
            }
        }
    }

    /// <summary>Wakes a read blocked on another thread (it sees end of stream); the socket stays unusable.</summary>
    public void Shutdown()
    {
        lock (_gate)
        {
            if (_fd >= 0)
            {
                _ = shutdown(_fd, ShutRdWr);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_fd >= 0)
            {
                _ = close(_fd);
                _fd = -1;
            }
        }
    }

    private int Descriptor => _fd >= 0 ? _fd : throw new ObjectDisposedException(nameof(LibcSocket));

    private static IOException Failure(string what) =>
        new($"{what}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");

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

    /// <summary>struct iovec.</summary>
    private readonly struct Iovec(byte* start, nint length)
    {
        public readonly byte* Start = start;
        public readonly nint Length = length;
    }

    /// <summary>struct timeval (64-bit Linux).</summary>
    private readonly struct TimeVal(long seconds, long microseconds)
    {
        public readonly long Seconds = seconds;
        public readonly long Microseconds = microseconds;
    }

    /// <summary>struct pollfd.</summary>
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short ReturnedEvents;
    }

    // Blittable signatures only: no marshalling stubs, and under NativeAOT plain calls into libc.
    [DllImport("libc", SetLastError = true)]
    private static extern int socket(int domain, int type, int protocol);

    [DllImport("libc", SetLastError = true)]
    private static extern int connect(int fd, byte* address, int length);

    [DllImport("libc", SetLastError = true)]
    private static extern int setsockopt(int fd, int level, int name, void* value, int length);

    [DllImport("libc", SetLastError = true)]
    private static extern nint writev(int fd, Iovec* vectors, int count);

    [DllImport("libc", SetLastError = true)]
    private static extern nint recv(int fd, byte* buffer, nint length, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int poll(PollFd* fds, nuint count, int timeout);

    [DllImport("libc", SetLastError = true)]
    private static extern int shutdown(int fd, int how);

    [DllImport("libc", SetLastError = true)]
    private static extern int close(int fd);
}
