using System.Diagnostics;
using System.Globalization;
using VideoDefects.Analysis;
using VideoDefects.Detectors.Registry;
using VideoDefects.Hosting.Orleans;
using VideoDefects.IntegrationTests.Support;
using Xunit.Abstractions;

namespace VideoDefects.IntegrationTests.Orleans;

/// <summary>Live streams monitored by grains: failover when the hosting silo dies, and a clean stop.</summary>
[Collection(OrleansTests.Name)]
public sealed class MonitorTests(OrleansFixture fixture, ITestOutputHelper output)
{
    private static async Task<T> WaitForAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var until = Stopwatch.StartNew();
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (until.Elapsed > timeout)
            {
                throw new TimeoutException($"{what} did not happen within {timeout.TotalSeconds:0} s (last: {value}).");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>FFmpeg processes decoding <paramref name="port"/> for a monitor (the sender has no rawvideo output).</summary>
    private static int ReceiversOf(int port) => Directory.EnumerateDirectories("/proc")
        .Select(d => Path.Combine(d, "cmdline"))
        .Count(f =>
        {
            try
            {
                var command = File.ReadAllText(f).Replace('\0', ' ');
                return command.Contains("ffmpeg", StringComparison.Ordinal) && command.Contains($":{port}", StringComparison.Ordinal)
                    && command.Contains("rawvideo", StringComparison.Ordinal);
            }
            catch (IOException)
            {
                return false;
            }
        });

    [Fact]
    public async Task Failover_resumes_the_stream_on_another_silo_with_no_duplicate_and_no_lost_event_before_the_checkpoint()
    {
        var port = UdpSender.FreeUdpPort();
        using var sender = UdpSender.Start(port, 60, [(4.0, 6.0), (30.0, 32.0)]);
        var monitor = fixture.Cluster.Client.GetGrain<IStreamMonitorGrain>("failover-cam");
        await monitor.StartAsync(new MonitorConfig
        {
            Source = string.Create(CultureInfo.InvariantCulture, $"udp://127.0.0.1:{port}"),
            Detectors = ["frozen", "corruption"],
            CheckpointInterval = TimeSpan.FromSeconds(2),
        });

        // The first freeze, durable before the kill.
        var before = await WaitForAsync(() => monitor.GetEventsAsync(0), e => e.Any(x => x.Event.Kind == DefectKind.FrozenFrame), TimeSpan.FromSeconds(40), "the first freeze in the log");
        var status = await monitor.GetStatusAsync();
        var host = fixture.Cluster.Silos.Single(s => status.Silo!.Contains(s.SiloAddress.Endpoint.ToString(), StringComparison.Ordinal));
        output.WriteLine($"monitor on {status.Silo}; killing {host.SiloAddress}");
        var killed = Stopwatch.StartNew();
        await fixture.Cluster.KillSiloAsync(host);

        // Nobody calls the grain now: only the watchdog can bring the monitor back. Its FFmpeg process is the sign.
        await WaitForAsync(() => Task.FromResult(ReceiversOf(port)), n => n == 0, TimeSpan.FromSeconds(10), "the dead silo's FFmpeg ending");
        await WaitForAsync(() => Task.FromResult(ReceiversOf(port)), n => n == 1, TimeSpan.FromSeconds(45), "a new FFmpeg on a live silo");
        var failover = killed.Elapsed;
        var resumed = await monitor.GetStatusAsync();
        Assert.True(resumed.Resumes >= 1 && resumed.Silo is not null && resumed.Silo != status.Silo, resumed.ToString());
        output.WriteLine($"resumed on {resumed.Silo} after {failover.TotalSeconds:F1} s");

        var after = await WaitForAsync(() => monitor.GetEventsAsync(0), e => e.Count(x => x.Event.Kind == DefectKind.FrozenFrame) >= 2, TimeSpan.FromSeconds(60), "the second freeze in the log");
        output.WriteLine(string.Join('\n', after.Select(e => $"{e.Sequence} {e.Event.Id} {e.Event.Start:0.00}-{e.Event.End:0.00}")));
        foreach (var durable in before)
        {
            Assert.Contains(after, e => e.Event.Id == durable.Event.Id && e.Sequence == durable.Sequence);
        }

        Assert.Equal(after.Length, after.Select(e => e.Event.Id).Distinct().Count());
        Assert.Equal(after.Length, after.Select(e => e.Sequence).Distinct().Count());
        Assert.Contains(after, e => e.Event.Kind == DefectKind.SignalLoss && e.Event.Metrics!.ContainsKey("resumed"));
        Assert.True(failover < TimeSpan.FromSeconds(45), $"failover took {failover}");

        await monitor.StopAsync();
        Assert.False((await monitor.GetStatusAsync()).Running);
    }

    [Fact]
    public async Task A_monitor_runs_a_registered_detector_with_its_options_and_gives_up_on_a_silent_input_after_its_stall_timeout()
    {
        var port = UdpSender.FreeUdpPort();
        var monitor = fixture.Cluster.Client.GetGrain<IStreamMonitorGrain>("dark-cam");
        var config = new MonitorConfig
        {
            Source = string.Create(CultureInfo.InvariantCulture, $"udp://127.0.0.1:{port}"),
            Detectors = ["dark"],
            DetectorOptions = """{"dark": {"maxMeanLuma": 255}}""",
            StallTimeout = TimeSpan.FromSeconds(2),
        };
        await Assert.ThrowsAsync<InvalidDetectorOptionsException>(() => monitor.StartAsync(config with { DetectorOptions = """{"dark": {"maxMeanLuma": 256}}""" }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => monitor.StartAsync(config with { StallTimeout = TimeSpan.Zero }));

        using (var sender = UdpSender.Start(port, 6))
        {
            await monitor.StartAsync(config);
            var events = await WaitForAsync(() => monitor.GetEventsAsync(0), e => e.Length > 0, TimeSpan.FromSeconds(30), "the registered detector's event");
            Assert.Equal("dark", events[0].Event.Detector);
            await sender.WaitAsync();
        }

        // The default 15 s would still be waiting.
        var status = await WaitForAsync(monitor.GetStatusAsync, s => s.LastError is not null, TimeSpan.FromSeconds(8), "the input declared lost");
        Assert.Contains("no data for 2 s", status.LastError!, StringComparison.Ordinal);
        await monitor.StopAsync();
    }

    [Fact]
    public async Task Stopping_a_monitor_stops_its_FFmpeg_process()
    {
        var port = UdpSender.FreeUdpPort();
        using var sender = UdpSender.Start(port, 30);
        var monitor = fixture.Cluster.Client.GetGrain<IStreamMonitorGrain>("stop-cam");
        await monitor.StartAsync(new MonitorConfig { Source = string.Create(CultureInfo.InvariantCulture, $"udp://127.0.0.1:{port}"), Detectors = ["frozen"] });
        await WaitForAsync(monitor.GetStatusAsync, s => s.Frames > 25, TimeSpan.FromSeconds(30), "frames flowing");
        Assert.Equal(1, ReceiversOf(port));

        await monitor.StopAsync();

        await WaitForAsync(() => Task.FromResult(ReceiversOf(port)), n => n == 0, TimeSpan.FromSeconds(10), "the FFmpeg process ending");
        Assert.False((await monitor.GetStatusAsync()).Running);
    }

    [Fact]
    public async Task Sharded_detectors_run_on_separate_grains_of_one_stream()
    {
        // A file as the "live" source: each grain decodes it for its own detectors.
        var media = new MediaFixture();
        await media.InitializeAsync();
        try
        {
            var video = fixture.Cluster.Client.GetGrain<IStreamMonitorGrain>("shard-cam/video");
            var sync = fixture.Cluster.Client.GetGrain<IStreamMonitorGrain>("shard-cam/avsync");
            await video.StartAsync(new MonitorConfig { Source = media.Freeze, Detectors = ["frozen", "corruption"], CheckpointInterval = TimeSpan.FromSeconds(1) });
            await sync.StartAsync(new MonitorConfig { Source = media.Freeze, Detectors = ["avsync"], CheckpointInterval = TimeSpan.FromSeconds(1) });

            var frozen = await WaitForAsync(() => video.GetEventsAsync(0), e => e.Any(x => x.Event.Kind == DefectKind.FrozenFrame), TimeSpan.FromSeconds(30), "the freeze on the video shard");
            var syncStatus = await WaitForAsync(sync.GetStatusAsync, s => s.Frames > 0, TimeSpan.FromSeconds(30), "the avsync shard running");
            var videoStatus = await video.GetStatusAsync();
            output.WriteLine($"video shard on {videoStatus.Silo}, avsync shard on {syncStatus.Silo}");
            Assert.Equal(50, frozen.First(e => e.Event.Kind == DefectKind.FrozenFrame).Event.FirstFrame);
            Assert.DoesNotContain(await sync.GetEventsAsync(0), e => e.Event.Kind == DefectKind.FrozenFrame);
            await Task.WhenAll(video.StopAsync(), sync.StopAsync());
        }
        finally
        {
            await media.DisposeAsync();
        }
    }
}
