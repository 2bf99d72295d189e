using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using VideoDefects.Errors;
using VideoDefects.FFmpeg;
using VideoDefects.IntegrationTests.Cli;
using VideoDefects.IntegrationTests.Support;

namespace VideoDefects.IntegrationTests.BadInput;

/// <summary>Network inputs that never deliver, and playlists that try to reach what they should not — all on
/// loopback servers the tests start themselves.</summary>
[Collection(MediaTests.Name)]
public class NetworkInputTests(MediaFixture media)
{
    private static readonly FFmpegSourceOptions FastTimeout = new() { Limits = MediaLimits.Default with { ReadTimeout = TimeSpan.FromSeconds(3) } };

    [Fact]
    public async Task A_closed_port_is_input_not_found_quickly()
    {
        var port = FreePort();
        var watch = Stopwatch.StartNew();
        await using var source = new FFmpegSource($"http://127.0.0.1:{port}/video.mp4", FastTimeout);
        var error = await Assert.ThrowsAnyAsync<MediaException>(() => source.OpenAsync(CancellationToken.None).AsTask());
        Assert.IsType<InputNotFoundException>(error);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task A_server_that_accepts_and_sends_nothing_times_out_within_the_read_timeout()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accepted = new List<TcpClient>();
        var acceptLoop = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    accepted.Add(await listener.AcceptTcpClientAsync());
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
            }
        });
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var watch = Stopwatch.StartNew();
        await using (var source = new FFmpegSource($"http://127.0.0.1:{port}/stalled.ts", FastTimeout))
        {
            var error = await Assert.ThrowsAnyAsync<MediaException>(() => source.OpenAsync(CancellationToken.None).AsTask());
            Assert.IsType<InputTimeoutException>(error);
        }

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed} with a 3 s read timeout");
        listener.Stop();
        await acceptLoop;
        accepted.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task With_default_limits_a_stalled_server_is_given_up_within_30_s()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var watch = Stopwatch.StartNew();
        var (code, _, _) = await AnalyzeCommandTests.RunCliAsync("analyze", $"http://127.0.0.1:{port}/x.ts", "-q");
        Assert.Equal(8, code);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
        listener.Stop();
    }

    [Fact]
    public async Task The_CLI_reports_a_stalled_server_in_one_line_with_exit_code_8()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var (code, _, stderr) = await AnalyzeCommandTests.RunCliAsync("analyze", $"http://127.0.0.1:{port}/x.ts", "--read-timeout", "3");
        Assert.Equal(8, code);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        listener.Stop();
    }

    [Fact]
    public async Task A_local_playlist_pointing_at_etc_passwd_is_refused_and_leaks_nothing()
    {
        var playlist = Path.Combine(media.Folder, "evil.m3u8");
        await File.WriteAllTextAsync(playlist, "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nfile:///etc/passwd\n#EXT-X-ENDLIST\n");
        var (code, stdout, stderr) = await AnalyzeCommandTests.RunCliAsync("analyze", playlist, "--output", "-");
        Assert.NotEqual(0, code);
        Assert.DoesNotContain("root:", stdout + stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task An_http_playlist_pointing_at_a_local_file_is_refused_and_leaks_nothing()
    {
        await using var server = await LoopbackHttpServer.StartAsync(
            "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nfile:///etc/passwd\n#EXT-X-ENDLIST\n", "application/vnd.apple.mpegurl");
        var (code, stdout, stderr) = await AnalyzeCommandTests.RunCliAsync("analyze", server.Url("list.m3u8"), "--output", "-", "--read-timeout", "5");
        Assert.NotEqual(0, code);
        Assert.DoesNotContain("root:", stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_http_playlist_is_analysed_through_the_egress_guard()
    {
        var segment = await File.ReadAllBytesAsync(media.LateAudio);
        await using var server = await LoopbackHttpServer.StartAsync(IPAddress.Loopback, new()
        {
            ["/live.m3u8"] = (Encoding.UTF8.GetBytes("#EXTM3U\n#EXT-X-TARGETDURATION:3\n#EXTINF:3,\nseg0.ts\n#EXT-X-ENDLIST\n"), "application/vnd.apple.mpegurl"),
            ["/seg0.ts"] = (segment, "video/mp2t"),
        });
        var (code, stdout, stderr) = await AnalyzeCommandTests.RunCliAsync("analyze", server.Url("live.m3u8"), "--output", "-", "-q", "--read-timeout", "10");
        Assert.True(code == 0, stderr);
        Assert.Empty(SchemaValidator.Validate(stdout, Paths.Schema));
    }

    [Fact]
    public async Task A_playlist_pointing_at_an_internal_address_never_reaches_it()
    {
        // The "internal" server listens on 127.0.0.2: private like 169.254.169.254 or 10.x, but on this machine.
        var segment = await File.ReadAllBytesAsync(media.LateAudio);
        await using var inside = await LoopbackHttpServer.StartAsync(IPAddress.Parse("127.0.0.2"), new() { ["/secret.ts"] = (segment, "video/mp2t") });
        await using var server = await LoopbackHttpServer.StartAsync(IPAddress.Loopback, new()
        {
            ["/evil.m3u8"] = (Encoding.UTF8.GetBytes($"#EXTM3U\n#EXT-X-TARGETDURATION:3\n#EXTINF:3,\n{inside.Url("secret.ts")}\n#EXT-X-ENDLIST\n"), "application/vnd.apple.mpegurl"),
        });
        await using var source = new FFmpegSource(server.Url("evil.m3u8"), FastTimeout);
        var error = await Assert.ThrowsAnyAsync<MediaException>(async () =>
        {
            await source.OpenAsync(CancellationToken.None);
            while (!(await source.ReadAsync(CancellationToken.None)).IsEnd)
            {
            }
        });
        Assert.Equal(0, inside.Requests);
        Assert.True(source.RefusedConnections > 0, error.Message);
    }

    [Theory]
    [InlineData("169.254.169.254", true)]
    [InlineData("10.1.2.3", true)]
    [InlineData("172.20.0.1", true)]
    [InlineData("192.168.1.1", true)]
    [InlineData("127.0.0.1", true)]
    [InlineData("100.64.0.1", true)]
    [InlineData("fe80::1", true)]
    [InlineData("fd00::1", true)]
    [InlineData("::1", true)]
    [InlineData("93.184.216.34", false)]
    [InlineData("2606:2800:220:1:248:1893:25c8:1946", false)]
    public void Internal_addresses_are_recognised(string address, bool isInternal) =>
        Assert.Equal(isInternal, VideoDefects.FFmpeg.Security.EgressGuard.IsInternal(IPAddress.Parse(address)));

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}

/// <summary>A small HTTP server on a loopback address, serving fixed documents by path (404 otherwise).</summary>
internal sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Dictionary<string, (byte[] Body, string Type)> _documents;
    private readonly Task _loop;
    private readonly CancellationTokenSource _stop = new();
    private int _requests;

    private LoopbackHttpServer(IPAddress address, Dictionary<string, (byte[] Body, string Type)> documents)
    {
        _documents = documents;
        _listener = new TcpListener(address, 0);
        _listener.Start();
        _loop = ServeAsync();
    }

    public int Requests => Volatile.Read(ref _requests);

    public static Task<LoopbackHttpServer> StartAsync(string body, string contentType) =>
        StartAsync(IPAddress.Loopback, new() { ["/list.m3u8"] = (Encoding.UTF8.GetBytes(body), contentType) });

    public static Task<LoopbackHttpServer> StartAsync(IPAddress address, Dictionary<string, (byte[] Body, string Type)> documents) =>
        Task.FromResult(new LoopbackHttpServer(address, documents));

    public string Url(string path)
    {
        var endpoint = (IPEndPoint)_listener.LocalEndpoint;
        return $"http://{endpoint.Address}:{endpoint.Port}/{path}";
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            Interlocked.Increment(ref _requests);
            _ = Task.Run(async () =>
            {
                using (client)
                {
                    var stream = client.GetStream();
                    var buffer = new byte[8192];
                    var n = await stream.ReadAsync(buffer, _stop.Token);
                    var path = Encoding.ASCII.GetString(buffer, 0, n).Split(' ')[1];
                    var found = _documents.TryGetValue(path, out var doc);
                    var body = found ? doc.Body : [];
                    var head = Encoding.ASCII.GetBytes($"HTTP/1.1 {(found ? "200 OK" : "404 Not Found")}\r\nContent-Type: {(found ? doc.Type : "text/plain")}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
                    await stream.WriteAsync(head, _stop.Token);
                    await stream.WriteAsync(body, _stop.Token);
                }
            });
        }
    }
}
