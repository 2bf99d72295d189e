using FsCheck;
using FsCheck.Xunit;
using VideoDefects.Analysis;
using VideoDefects.Detectors.AvSync;
using VideoDefects.Frames;
using VideoDefects.Pipeline;
using VideoDefects.Reports;

namespace VideoDefects.Tests.Detectors;

public class TimestampSyncTests
{
    private const double Frame = 1 / 25.0;
    private const double AudioPacket = 1024 / 48000.0;

    /// <summary>The packet timings of <paramref name="seconds"/> of a 25 fps / 48 kHz AAC stream, interleaved as a
    /// muxer writes them, through the AV-sync detector. <paramref name="audioShift"/> and <paramref name="videoShift"/>
    /// move each stream's timestamps from a time on; <paramref name="audioDrift"/> scales the audio clock;
    /// <paramref name="lostAudio"/> drops audio packets (a gap of whole packets).</summary>
    private static AnalysisReport Run(
        double seconds = 20, Func<double, double>? audioShift = null, Func<double, double>? videoShift = null, double audioDrift = 0, Func<int, bool>? lostAudio = null, double? quantum = null)
    {
        var pipeline = new AnalysisPipeline([new AvSyncDetector()]);
        pipeline.Start(new MediaInfo("synthetic", new VideoFormat(64, 48, PixelFormat.Gray8, 25), new AudioFormat(48000, 1)));
        var (v, a) = (0, 0);
        while (v * Frame < seconds)
        {
            var tv = v * Frame;
            var ta = a * AudioPacket;
            if (ta <= tv)
            {
                if (lostAudio?.Invoke(a) != true)
                {
                    var t = Quantize((ta * (1 + (audioDrift * 1e-6))) + (audioShift?.Invoke(ta) ?? 0));
                    pipeline.ProcessTiming(new PacketTiming(MediaStreamKind.Audio, t, t, quantum is { } q ? Math.Floor(AudioPacket / q) * q : AudioPacket));
                }

                a++;
            }
            else
            {
                var t = Quantize(tv + (videoShift?.Invoke(tv) ?? 0));
                pipeline.ProcessTiming(new PacketTiming(MediaStreamKind.Video, t, t, Frame));
                v++;
            }
        }

        return pipeline.Complete();

        // Matroska's millisecond time base: timestamps rounded, durations cut to whole milliseconds.
        double Quantize(double t) => quantum is { } q ? Math.Round(t / q) * q : t;
    }

    /// <remarks>Sizes are drawn off the audio packet grid: a forward jump of exactly whole packets is what lost
    /// packets look like, and is read as such (see <see cref="A_forward_jump_of_exactly_whole_audio_packets_reads_as_lost_packets"/>).</remarks>
    [Property(MaxTest = 30)]
    public bool A_step_of_the_audio_timestamps_is_one_event_where_it_happened_with_its_size(PositiveInt atSeed, PositiveInt packetsSeed, PositiveInt fractionSeed, bool forward)
    {
        var at = 2 + (atSeed.Get % 150 / 10.0);                                                   // 2–17 s
        var packets = (packetsSeed.Get % 20) + (0.1 + (fractionSeed.Get % 9 / 10.0));             // 0.1–19.9 packets
        var size = (forward ? 1 : -1) * Math.Max(packets * AudioPacket, 1.5 * Frame);            // ±60–425 ms
        var report = Run(audioShift: t => t >= at ? size : 0);
        var step = report.Events.Where(e => e.Kind == DefectKind.AvSyncOffset).ToList();
        return step.Count == 1
            && Math.Abs(step[0].Start - at) <= Frame
            && Math.Abs(step[0].Metrics!["timestampStepMs"] - (size * 1000)) <= 1
            && report.AvSync is { Method: AvSyncMethods.Timestamps, AudioDelayMs: { } ms } && Math.Abs(ms - (size * 1000)) <= 1;
    }

    [Fact]
    public void Both_streams_jumping_alike_is_a_splice_not_a_sync_change()
    {
        var report = Run(audioShift: t => t >= 8 ? 3.5 : 0, videoShift: t => t >= 8 ? 3.5 : 0);
        Assert.Empty(report.Events);
        Assert.NotEqual(AvSyncMethods.Timestamps, report.AvSync!.Method);
    }

    [Fact]
    public void Lost_audio_packets_leave_the_relation_where_it_was()
    {
        var report = Run(lostAudio: a => a is >= 300 and < 312);
        Assert.Empty(report.Events);
    }

    [Fact]
    public void A_forward_jump_of_exactly_whole_audio_packets_reads_as_lost_packets()
    {
        // The known ambiguity of timestamps alone: +192 ms is nine 21.3 ms packets, as if nine were lost.
        Assert.Empty(Run(audioShift: t => t >= 8 ? 9 * AudioPacket : 0).Events);
        Assert.Single(Run(audioShift: t => t >= 8 ? -9 * AudioPacket : 0).Events); // backwards is never a loss
    }

    [Fact]
    public void A_step_smaller_than_a_frame_is_not_an_event()
    {
        Assert.Empty(Run(audioShift: t => t >= 5 ? 0.03 : 0).Events);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(-40)]
    [InlineData(0)]
    public void Drift_of_the_audio_clock_is_measured_in_ppm(double ppm)
    {
        var report = Run(seconds: 60, audioDrift: ppm);
        Assert.Equal(ppm, report.AvSync!.TimestampDriftPpm!.Value, 1.0);
        // 100 ppm over a minute is 6 ms: not yet a frame, so no event.
        Assert.Empty(report.Events);
    }

    [Fact]
    public void Drift_that_moves_the_relation_by_more_than_a_frame_is_an_event()
    {
        var report = Run(seconds: 120, audioDrift: 500); // 60 ms over two minutes
        var drift = Assert.Single(report.Events);
        Assert.Equal(500, drift.Metrics!["timestampDriftPpm"], 1.0);
    }

    [Fact]
    public void Durations_rounded_to_a_millisecond_time_base_are_not_drift()
    {
        // PCM or AAC in Matroska: 21.333 ms packets stated as 21 ms. Summed, that is 15 625 ppm — not a clock.
        var report = Run(seconds: 60, quantum: 0.001);
        Assert.Null(report.AvSync!.TimestampDriftPpm);
        Assert.Empty(report.Events);

        // Its steps are still seen.
        Assert.Single(Run(seconds: 20, quantum: 0.001, audioShift: t => t >= 8 ? -0.2 : 0).Events);
    }
}
