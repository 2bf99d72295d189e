using System.Net;
using System.Net.Sockets;
using System.Text;

namespace VideoDefects.FFmpeg.Security;

/// <summary>
/// A minimal HTTP proxy on loopback that FFmpeg is told to use (<c>-http_proxy</c>) for untrusted network inputs.
/// Every connection FFmpeg makes — the input, each playlist and segment it follows — goes through it, and it refuses
/// private, loopback, link-local (cloud metadata, 169.254.169.254) and other internal addresses, unless the address is
/// the input's own host. Hosts are resolved here and the checked address is the one connected to (no DNS rebinding).
/// </summary>
internal sealed class EgressGuard : IAsyncDisposable
{
    private const int MaxHeaderBytes = 16 * 1024;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly HashSet<IPAddress> _allowedInternal;
    private readonly Task _loop;
    private int _refused;

    private EgressGuard(HashSet<IPAddress> allowedInternal)
    {
        _allowedInternal = allowedInternal;
        _listener.Start();
        _loop = AcceptLoopAsync();
    }

    /// <summary>The proxy address for FFmpeg's <c>-http_proxy</c>.</summary>
    public string ProxyUrl => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Connections refused so far.</summary>
    public int Refused => Volatile.Read(ref _refused);

    /// <summary>Starts a guard that lets FFmpeg reach public addresses and <paramref name="inputHost"/> itself.</summary>
    public static async Task<EgressGuard> StartAsync(string inputHost, CancellationToken cancellationToken)
    {
        var allowed = new HashSet<IPAddress>();
        try
        {
            foreach (var address in await Dns.GetHostAddressesAsync(inputHost, cancellationToken).ConfigureAwait(false))
            {
                allowed.Add(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
            }
        }
        catch (SocketException)
        {
            // Unresolvable: FFmpeg will fail on it with a clear error; nothing internal is allowed.
        }

        return new EgressGuard(allowed);
    }

    /// <summary>Whether <paramref name="address"/> is internal: loopback, private, link-local, CGNAT, unspecified,
    /// multicast or unique-local — anything a hostile playlist could use to reach inside.</summary>
    public static bool IsInternal(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] == 0 || b[0] == 10 || b[0] == 127 || b[0] >= 224
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 172 && b[1] is >= 16 and <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 100 && b[1] is >= 64 and <= 127);
        }

        return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            _ = Task.Run(() => HandleAsync(client), _stop.Token);
        }
    }

    private async Task HandleAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var (head, extra) = await ReadHeadAsync(stream).ConfigureAwait(false);
                var requestLine = head[..head.IndexOf("\r\n", StringComparison.Ordinal)];
                var parts = requestLine.Split(' ');
                if (parts.Length != 3)
                {
                    await RefuseAsync(stream, 400).ConfigureAwait(false);
                    return;
                }

                var isConnect = parts[0] == "CONNECT";
                string host;
                int port;
                string forwardHead = head;
                if (isConnect)
                {
                    var colon = parts[1].LastIndexOf(':');
                    host = parts[1][..colon].Trim('[', ']');
                    port = int.Parse(parts[1][(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture);
                }
                else if (Uri.TryCreate(parts[1], UriKind.Absolute, out var uri) && uri.Scheme == "http")
                {
                    host = uri.IdnHost;
                    port = uri.Port;
                    // One request per proxied connection: a kept-alive connection could carry the next request, meant for
                    // another host, to this one. Closing makes FFmpeg come back through the guard for each URL.
                    var headers = head[(requestLine.Length + 2)..^4].Split("\r\n")
                        .Where(h => !h.StartsWith("Connection:", StringComparison.OrdinalIgnoreCase) && !h.StartsWith("Proxy-Connection:", StringComparison.OrdinalIgnoreCase));
                    forwardHead = $"{parts[0]} {uri.PathAndQuery} {parts[2]}\r\n{string.Join("\r\n", headers)}\r\nConnection: close\r\n\r\n";
                }
                else
                {
                    await RefuseAsync(stream, 400).ConfigureAwait(false);
                    return;
                }

                var target = await ResolveAllowedAsync(host).ConfigureAwait(false);
                if (target is null)
                {
                    Interlocked.Increment(ref _refused);
                    await RefuseAsync(stream, 403).ConfigureAwait(false);
                    return;
                }

                using var upstream = new TcpClient(target.AddressFamily);
                try
                {
                    await upstream.ConnectAsync(target, port, _stop.Token).ConfigureAwait(false);
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
                {
                    // Tell FFmpeg plainly, as a direct connection would have: "HTTP error 404" maps to not found.
                    await RefuseAsync(stream, 404).ConfigureAwait(false);
                    return;
                }
                var up = upstream.GetStream();
                if (isConnect)
                {
                    await stream.WriteAsync("HTTP/1.1 200 Connection established\r\n\r\n"u8.ToArray(), _stop.Token).ConfigureAwait(false);
                }
                else
                {
                    await up.WriteAsync(Encoding.Latin1.GetBytes(forwardHead), _stop.Token).ConfigureAwait(false);
                }

                if (extra.Length > 0)
                {
                    await up.WriteAsync(extra, _stop.Token).ConfigureAwait(false);
                }

                var toServer = stream.CopyToAsync(up, _stop.Token);
                var toClient = up.CopyToAsync(stream, _stop.Token);
                await Task.WhenAny(toServer, toClient).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or FormatException or ArgumentException or ObjectDisposedException)
            {
                // A broken proxied connection is FFmpeg's read error to report; the guard keeps serving.
            }
        }
    }

    private async Task<IPAddress?> ResolveAllowedAsync(string host)
    {
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, _stop.Token).ConfigureAwait(false);
        }
        catch (SocketException)
        {
            return null;
        }

        foreach (var address in addresses)
        {
            var a = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
            if (!IsInternal(a) || _allowedInternal.Contains(a))
            {
                return a;
            }
        }

        return null;
    }

    private static async Task<(string Head, byte[] Extra)> ReadHeadAsync(NetworkStream stream)
    {
        var buffer = new byte[MaxHeaderBytes];
        var length = 0;
        while (length < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(length)).ConfigureAwait(false);
            if (n == 0)
            {
                throw new IOException("Connection closed before the request was complete.");
            }

            length += n;
            var end = buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                return (Encoding.Latin1.GetString(buffer, 0, end + 4), buffer[(end + 4)..length]);
            }
        }

        throw new IOException("Request head too large.");
    }

    private static Task RefuseAsync(NetworkStream stream, int status) =>
        stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status} {status switch { 403 => "Forbidden", 404 => "Not Found", _ => "Bad Request" }}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")).AsTask();
}
