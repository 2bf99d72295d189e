using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using VideoDefects.Detectors.Registry;
using VideoDefects.IntegrationTests.Support;

namespace VideoDefects.IntegrationTests.Worker;

/// <summary>The worker adapter on real live streams: FFmpeg sends MPEG-TS over UDP on loopback.</summary>
public sealed class MonitoringTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("vd-worker-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static IHost BuildHost(Dictionary<string, string?> settings, DetectorRegistry? registry = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddVideoDefectMonitoring(builder.Configuration);
        if (registry is not null)
        {
            builder.Services.AddSingleton(registry);
        }

        return builder.Build();
    }

    /// <summary>Whether the log holds a freeze announced while still going on (a line being written is not yet one).</summary>
    private static bool AnnouncedFreeze(string path)
    {
        try
        {
            return ReadEvents(path).Any(e => e.GetProperty("kind").GetString() == "frozenFrame"
                && e.GetProperty("metrics").TryGetProperty("ongoing", out var ongoing) && ongoing.GetDouble() == 1);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static List<JsonElement> ReadEvents(string path) =>
        File.Exists(path)
            ? [.. File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone())]
            : [];

    [Fact]
    public async Task A_registered_detector_is_chosen_and_set_from_configuration_by_name()
    {
        var port = UdpSender.FreeUdpPort();
        var log = Path.Combine(_folder, "dark.jsonl");
        using var sender = UdpSender.Start(port, seconds: 30);
        using var host = BuildHost(
            new()
            {
                ["VideoDefects:Streams:0:Name"] = "cam",
                ["VideoDefects:Streams:0:Source"] = $"udp://127.0.0.1:{port}",
                ["VideoDefects:Streams:0:Detectors:0"] = "dark",
                ["VideoDefects:Streams:0:Detectors:1"] = "frozen",
                ["VideoDefects:Streams:0:DetectorOptions:dark:MaxMeanLuma"] = "255", // every picture is dark enough
                ["VideoDefects:Streams:0:DetectorOptions:frozen:IgnoreRegions:0"] = "0,0,64,64",
                ["VideoDefects:Streams:0:DetectorOptions:frozen:DiscountLiveGraphics"] = "false",
                ["VideoDefects:EventLog:Path"] = log,
            },
            DarkFrame.Registry);
        await host.StartAsync();
        var deadline = DateTime.UtcNow.AddSeconds(25);
        while (DateTime.UtcNow < deadline && !HasDarkEvent(log))
        {
            await Task.Delay(200);
        }

        await host.StopAsync();
        Assert.True(HasDarkEvent(log), "no event from the registered detector");

        static bool HasDarkEvent(string path)
        {
            try
            {
                return ReadEvents(path).Any(e => e.GetProperty("detector").GetString() == "dark" && e.GetProperty("stream").GetString() == "cam");
            }
            catch (JsonException)
            {
                return false; // a line being written
            }
        }
    }

    [Theory]
    [InlineData("DetectorOptions:dark:MaxMeanLumen", "1", "MaxMeanLumen")] // a misspelt option
    [InlineData("DetectorOptions:dark:MaxMeanLuma", "300", "dark")] // out of range
    [InlineData("DetectorOptions:frozen:MinDuration", "two seconds", "frozen")] // not a duration
    [InlineData("DetectorOptions:lipsync:Window", "5", "lipsync")] // no such detector
    public async Task Detector_options_the_detector_refuses_stop_the_host_at_start_naming_them(string key, string value, string named)
    {
        using var host = BuildHost(
            new()
            {
                ["VideoDefects:Streams:0:Name"] = "cam",
                ["VideoDefects:Streams:0:Source"] = "udp://127.0.0.1:9",
                [$"VideoDefects:Streams:0:{key}"] = value,
            },
            DarkFrame.Registry);
        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync()); // the options' validation, as every consumer of them reports it
        Assert.Contains("VideoDefects:Streams:0:DetectorOptions", error.Message, StringComparison.Ordinal);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Freeze_on_a_live_stream_is_reported_and_a_dead_stream_has_its_own_signal_loss()
    {
        var live = UdpSender.FreeUdpPort();
        var dead = UdpSender.FreeUdpPort();
        var log = Path.Combine(_folder, "events.jsonl");
        using var sender = UdpSender.Start(live, seconds: 14, freezeFrom: 7, freezeTo: 9);
        using var host = BuildHost(new()
        {
            ["VideoDefects:Streams:0:Name"] = "live",
            ["VideoDefects:Streams:0:Source"] = $"udp://127.0.0.1:{live}",
            ["VideoDefects:Streams:1:Name"] = "dead",
            ["VideoDefects:Streams:1:Source"] = $"udp://127.0.0.1:{dead}",
            ["VideoDefects:StallTimeout"] = "00:00:03",
            ["VideoDefects:EventLog:Path"] = log,
        });
        await host.StartAsync();
        await Task.Delay(TimeSpan.FromSeconds(12));
        var health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        await host.StopAsync();

        var events = ReadEvents(log);
        var freezes = events.Where(e => e.GetProperty("stream").GetString() == "live" && e.GetProperty("kind").GetString() == "frozenFrame").ToList();
        // Published twice with one id: as soon as it is confirmed (ongoing), and with its end.
        Assert.Equal(2, freezes.Count);
        Assert.Single(freezes.Select(e => e.GetProperty("id").GetString()).Distinct());
        Assert.Equal(1, freezes[0].GetProperty("metrics").GetProperty("ongoing").GetDouble());
        var freeze = freezes[1];
        Assert.InRange(freeze.GetProperty("end").GetDouble() - freeze.GetProperty("start").GetDouble(), 1.5, 2.5);
        Assert.DoesNotContain(events, e => e.GetProperty("stream").GetString() == "live" && e.GetProperty("kind").GetString() == "signalLoss");
        Assert.Contains(events, e => e.GetProperty("stream").GetString() == "dead" && e.GetProperty("kind").GetString() == "signalLoss");
        Assert.Equal(HealthStatus.Unhealthy, health.Status);
        Assert.Equal("Down", health.Entries["videodefects"].Data["dead"]);
        Assert.Equal("Alive", health.Entries["videodefects"].Data["live"]);
    }

    [Fact]
    public async Task A_stream_whose_sound_is_late_against_its_live_source_feed_gets_an_offset_event_as_it_plays()
    {
        // The source feed and the chain's output, both live: a real programme, its output's sound 200 ms late.
        var source = Path.Combine(_folder, "feed.ts");
        var output = Path.Combine(_folder, "output.ts");
        await Tool.FFmpegAsync("-i", Path.Combine(Paths.Media, "tears_of_steel_battle_800x332.webm"), "-t", "30", "-vf", "scale=320:-2",
            "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-c:a", "aac", "-f", "mpegts", source);
        await Tool.FFmpegAsync("-i", source, "-af", "adelay=200:all=1", "-c:v", "copy", "-c:a", "aac", "-f", "mpegts", output);
        var (feedPort, outputPort) = (UdpSender.FreeUdpPort(), UdpSender.FreeUdpPort());
        var log = Path.Combine(_folder, "events.jsonl");
        using var host = BuildHost(new()
        {
            ["VideoDefects:Streams:0:Name"] = "playout",
            ["VideoDefects:Streams:0:Source"] = $"udp://127.0.0.1:{outputPort}",
            ["VideoDefects:Streams:0:Reference"] = $"udp://127.0.0.1:{feedPort}",
            ["VideoDefects:Streams:0:Detectors:0"] = "avsync",
            ["VideoDefects:Streams:0:ReferenceWindow"] = "00:00:04",
            ["VideoDefects:Streams:0:ReferenceMaxOffset"] = "00:00:02",
            ["VideoDefects:StallTimeout"] = "00:00:05",
            ["VideoDefects:EventLog:Path"] = log,
        });
        await host.StartAsync();
        using (UdpSender.StartFile(feedPort, source))
        using (UdpSender.StartFile(outputPort, output))
        {
            // Comparisons of the last 12 s every 4 s, once the feed is 2 s (the largest offset) further: from ~16 s on.
            var watch = Stopwatch.StartNew();
            while (!ReadEvents(log).Any(e => e.GetProperty("kind").GetString() == "avSyncOffset") && watch.Elapsed < TimeSpan.FromSeconds(28))
            {
                await Task.Delay(250);
            }
        }

        await host.StopAsync();
        var offsets = ReadEvents(log).Where(e => e.GetProperty("kind").GetString() == "avSyncOffset").ToList();
        Assert.NotEmpty(offsets);
        Assert.All(offsets, e => Assert.Equal("playout", e.GetProperty("stream").GetString()));
        // Announced while it lasts (ongoing), then closed when the host stopped: one id.
        Assert.Equal(1, offsets[0].GetProperty("metrics").GetProperty("ongoing").GetDouble());
        Assert.Single(offsets.Select(e => e.GetProperty("id").GetString()).Distinct());
        // Within a frame of the 200 ms (24 fps). Decoded from their starts these files give 200.0; joined mid-stream they
        // give ≈180 ms — and so do FFmpeg's own timestamps with the decoded sound (cross-correlated: 179.4 ms), as does a
        // stream-copy cut of the same files (179.8 ms): FFmpeg places the sound of these AAC streams about one AAC frame
        // differently after a mid-stream start. The comparison measures what it is given.
        Assert.All(offsets, e => Assert.InRange(e.GetProperty("metrics").GetProperty("audioDelayMs").GetDouble(), 200 - 41.7, 200 + 41.7));
    }

    [Fact]
    public async Task A_sender_that_stops_for_10_s_gives_signal_loss_with_an_end_and_analysis_resumes()
    {
        var port = UdpSender.FreeUdpPort();
        var log = Path.Combine(_folder, "events.jsonl");
        using var host = BuildHost(new()
        {
            ["VideoDefects:Streams:0:Name"] = "flaky",
            ["VideoDefects:Streams:0:Source"] = $"udp://127.0.0.1:{port}",
            ["VideoDefects:Streams:0:Detectors:0"] = "frozen",
            ["VideoDefects:StallTimeout"] = "00:00:02",
            ["VideoDefects:Reconnect:MaxDelay"] = "00:00:02",
            ["VideoDefects:EventLog:Path"] = log,
        });
        await host.StartAsync();
        using (var first = UdpSender.Start(port, seconds: 5))
        {
            await first.WaitAsync();
        }

        await Task.Delay(TimeSpan.FromSeconds(10));
        using (var second = UdpSender.Start(port, seconds: 16))
        {
            // Back-off (≤ 2 s), probing and the first keyframe: the stream is analysed again within seconds.
            var health = host.Services.GetRequiredService<VideoDefects.Hosting.Worker.StreamHealth>();
            var watch = Stopwatch.StartNew();
            while (health.StateOf("flaky") != VideoDefects.Hosting.Worker.StreamState.Alive && watch.Elapsed < TimeSpan.FromSeconds(14))
            {
                await Task.Delay(250);
            }

            Assert.Equal(VideoDefects.Hosting.Worker.StreamState.Alive, health.StateOf("flaky"));
        }

        await host.StopAsync();
        var losses = ReadEvents(log).Where(e => e.GetProperty("kind").GetString() == "signalLoss").ToList();
        var ended = losses.Where(e => e.GetProperty("metrics").GetProperty("ongoing").GetDouble() == 0).ToList();
        Assert.NotEmpty(ended);
        Assert.Contains(ended, e => e.GetProperty("metrics").GetProperty("outageSeconds").GetDouble() is > 6 and < 16);
        Assert.All(losses, e => Assert.True(e.GetProperty("end").GetDouble() >= e.GetProperty("start").GetDouble()));
    }

    [Fact]
    public async Task SIGTERM_flushes_an_open_freeze_and_exits_0()
    {
        var port = UdpSender.FreeUdpPort();
        var log = Path.Combine(_folder, "sigterm.jsonl");
        // Frozen from 3 s to the end of the sender's 40 s: the freeze is still open when SIGTERM comes.
        using var sender = UdpSender.Start(port, seconds: 40, freezeFrom: 3, freezeTo: 40);
        var sample = Path.Combine(Paths.RepoRoot, "samples", "VideoDefects.Samples.Worker", "bin", Configuration, "net10.0", "VideoDefects.Samples.Worker.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(sample)! };
        start.ArgumentList.Add(sample);
        start.Environment["VideoDefects__Streams__0__Name"] = "sigterm";
        start.Environment["VideoDefects__Streams__0__Source"] = $"udp://127.0.0.1:{port}";
        start.Environment["VideoDefects__EventLog__Path"] = log;
        using var worker = Process.Start(start)!;
        _ = worker.StandardOutput.ReadToEndAsync();
        _ = worker.StandardError.ReadToEndAsync();
        // SIGTERM once the worker has announced the freeze (its "ongoing" event) and watched it 3 s more. A fixed wait
        // (11 s) failed on a loaded machine: the worker's start-up took most of it, and it had seen no freeze yet.
        var watch = Stopwatch.StartNew();
        while (!AnnouncedFreeze(log))
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(35), "the worker announced no freeze within 35 s");
            await Task.Delay(200);
        }

        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(0, Kill(worker.Id, 15)); // SIGTERM
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(25));
        await worker.WaitForExitAsync(timeout.Token);
        Assert.Equal(0, worker.ExitCode);
        var freeze = ReadEvents(log).Last(e => e.GetProperty("kind").GetString() == "frozenFrame");
        Assert.False(freeze.GetProperty("metrics").TryGetProperty("ongoing", out _));
        Assert.True(freeze.GetProperty("end").GetDouble() > freeze.GetProperty("start").GetDouble() + 2);
    }

    private static string Configuration => AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
