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

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}

/// <summary>A one-document HTTP server on loopback, for playlist tests.</summary>
internal sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Task _loop;
    private readonly CancellationTokenSource _stop = new();

    private LoopbackHttpServer(string body, string contentType)
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _loop = ServeAsync(Encoding.UTF8.GetBytes(body), contentType);
    }

    public int Requests { get; private set; }

    public static Task<LoopbackHttpServer> StartAsync(string body, string contentType) => Task.FromResult(new LoopbackHttpServer(body, contentType));

    public string Url(string path) => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/{path}";

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

    private async Task ServeAsync(byte[] body, string contentType)
    {
        while (!_stop.IsCancellationRequested)
        {
            using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            Requests++;
            var stream = client.GetStream();
            var buffer = new byte[8192];
            _ = await stream.ReadAsync(buffer, _stop.Token);
            var head = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: {contentType}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
            await stream.WriteAsync(head, _stop.Token);
            await stream.WriteAsync(body, _stop.Token);
        }
    }
}
