using System.Globalization;
using VideoDefects.Analysis;
using VideoDefects.Detectors;
using VideoDefects.Detectors.Registry;
using VideoDefects.FFmpeg;
using VideoDefects.IntegrationTests.Support;
using VideoDefects.Pipeline;
using VideoDefects.Reports;

namespace VideoDefects.IntegrationTests.Detectors;

/// <summary>Timestamp faults made by FFmpeg's own <c>setts</c> bitstream filter on a real MPEG-TS, followed in the same
/// decode as the analysis.</summary>
[Collection(MediaTests.Name)]
public class TimestampSyncWithFFmpegTests(MediaFixture media)
{
    private async Task<string> CleanTsAsync()
    {
        var clean = Path.Combine(media.Folder, "timestamps-clean.ts");
        if (!File.Exists(clean))
        {
            await Tool.FFmpegAsync("-f", "lavfi", "-i", "testsrc2=s=320x240:r=25:d=14", "-f", "lavfi", "-i", "sine=f=440:sample_rate=48000:d=14",
                "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-pix_fmt", "yuv420p", "-c:a", "aac", "-f", "mpegts", clean); // a keyframe a second: a live join finds one soon
        }

        return clean;
    }

    private async Task<(AnalysisReport Report, string File)> AnalyseWithAudioTimestampsAsync(string name, string setts)
    {
        var damaged = Path.Combine(media.Folder, name);
        await Tool.FFmpegAsync("-i", await CleanTsAsync(), "-c", "copy", "-bsf:a", $"setts={setts}", "-f", "mpegts", damaged);
        await using var source = new FFmpegSource(damaged);
        return (await new AnalysisPipeline(DetectorRegistry.Default.Create(["avsync"])).RunAsync(source), damaged);
    }

    /// <summary>Where, on the picture's clock (seconds from the first frame), the audio timestamps of
    /// <paramref name="file"/> first jump forward by more than a frame, as ffprobe reads the container.</summary>
    private static async Task<double> AudioJumpOnVideoClockAsync(string file)
    {
        var (_, video, _) = await Tool.RunAsync("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=start_time", "-of", "csv=p=0", file]);
        var (_, packets, _) = await Tool.RunAsync("ffprobe", ["-v", "error", "-select_streams", "a:0", "-show_entries", "packet=pts_time,duration_time", "-of", "csv=p=0", file]);
        var videoStart = double.Parse(video.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0], CultureInfo.InvariantCulture); // once per program and stream
        var previous = (Pts: double.NaN, Duration: 0.0);
        foreach (var line in packets.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split(',');
            var packet = (Pts: double.Parse(fields[0], CultureInfo.InvariantCulture), Duration: double.Parse(fields[1], CultureInfo.InvariantCulture));
            if (packet.Pts - (previous.Pts + previous.Duration) > 0.04)
            {
                return previous.Pts + previous.Duration - videoStart;
            }

            previous = packet;
        }

        throw new InvalidOperationException($"{file}: no jump in the audio timestamps.");
    }

    [Fact]
    public async Task Audio_timestamps_moved_200_ms_from_10_s_on_are_one_event_within_a_frame_of_the_jump()
    {
        var (report, file) = await AnalyseWithAudioTimestampsAsync("timestamps-step.ts", @"pts=PTS+if(gte(PTS*TB\,10)\,0.2/TB\,0):dts=DTS+if(gte(DTS*TB\,10)\,0.2/TB\,0)");

        // setts's "10 s" is on the muxer's clock; on the picture's clock the jump lands a few audio packets away.
        var jump = await AudioJumpOnVideoClockAsync(file);
        Assert.InRange(jump, 10 - 0.1, 10 + 0.1);
        var step = Assert.Single(report.Events);
        Assert.Equal(DefectKind.AvSyncOffset, step.Kind);
        Assert.InRange(step.Start, jump - 0.04, jump + 0.04);
        Assert.Equal(200, step.Metrics!["timestampStepMs"], 1.0);
        Assert.Equal(AvSyncMethods.Timestamps, report.AvSync!.Method);
    }

    [Fact]
    public async Task Audio_timestamps_drifting_by_100_ppm_are_measured_and_a_clean_stream_has_none()
    {
        var (drifting, _) = await AnalyseWithAudioTimestampsAsync("timestamps-drift.ts", "pts=PTS*1.0001:dts=DTS*1.0001");
        await using var source = new FFmpegSource(await CleanTsAsync());
        var clean = await new AnalysisPipeline(DetectorRegistry.Default.Create(["avsync"])).RunAsync(source);

        Assert.Equal(100, drifting.AvSync!.TimestampDriftPpm!.Value, 5.0);
        Assert.Empty(drifting.Events); // 1.4 ms over 14 s: not a frame yet
        Assert.InRange(clean.AvSync!.TimestampDriftPpm!.Value, -5, 5);
        Assert.Empty(clean.Events);
    }

    [Fact]
    public async Task A_live_udp_stream_whose_audio_timestamps_jump_gets_the_event_as_it_plays()
    {
        var (_, file) = await AnalyseWithAudioTimestampsAsync("timestamps-step-live.ts", @"pts=PTS+if(gte(PTS*TB\,10)\,0.2/TB\,0):dts=DTS+if(gte(DTS*TB\,10)\,0.2/TB\,0)");
        var port = UdpSender.FreeUdpPort();
        using var sender = UdpSender.StartFile(port, file);

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(14)); // the 14 s stream, less the join
        await using var source = new FFmpegSource($"udp://127.0.0.1:{port}");
        var pipeline = new AnalysisPipeline(DetectorRegistry.Default.Create(["avsync"]), new PipelineOptions { PartialReportOnCancellation = true });
        var report = await pipeline.RunAsync(source, stop.Token);

        var step = Assert.Single(report.Events, e => e.Kind == DefectKind.AvSyncOffset);
        Assert.Equal(200, step.Metrics!["timestampStepMs"], 1.0);
        // Joined a few seconds in (the live probe): the jump, 10 s into the stream, comes that much earlier on our clock.
        Assert.InRange(step.Start, 3, 10.1);
    }
}
