using VideoDefects.Analysis;
using VideoDefects.Detectors;
using VideoDefects.Detectors.Registry;
using VideoDefects.FFmpeg;
using VideoDefects.IntegrationTests.Support;
using VideoDefects.Pipeline;

namespace VideoDefects.IntegrationTests.Detectors;

public class LiveJoinTests
{
    /// <summary>Regression: joining a live stream between keyframes, the decoder complains about missing references
    /// until its first keyframe; every (re)connect of a monitor was reported as corruption or a decode error.</summary>
    [Fact]
    public async Task Joining_a_live_stream_between_keyframes_is_not_reported_as_damage()
    {
        var port = UdpSender.FreeUdpPort();
        using var sender = UdpSender.Start(port, 15);
        await Task.Delay(TimeSpan.FromSeconds(1.3)); // well inside a 1 s GOP: the join starts mid-GOP

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(9)); // two probes of a live input take ~4 s
        await using var source = new FFmpegSource($"udp://127.0.0.1:{port}", new FFmpegSourceOptions { DecodeAudio = false });
        var pipeline = new AnalysisPipeline(DetectorRegistry.Default.Create(["corruption"]), new PipelineOptions { PartialReportOnCancellation = true });
        var report = await pipeline.RunAsync(source, stop.Token);

        Assert.True(report.Video.Frames > 50, $"only {report.Video.Frames} frames arrived");
        Assert.DoesNotContain(report.Events, e => e.Kind is DefectKind.BlockCorruption or DefectKind.DecodeError);
    }

    /// <summary>Packet loss as it happens on a network: a live MPEG-TS stream over UDP whose datagrams are lost in two
    /// bursts on the way (a relay on loopback drops them). The decoder's complaints about the cut slices and missing
    /// references make the damage a <c>blockCorruption</c> episode, not a decode error, and nothing is reported
    /// before the first loss.</summary>
    [Fact]
    public async Task Datagrams_lost_on_the_way_are_block_corruption_on_a_live_input()
    {
        var port = UdpSender.FreeUdpPort();
        using var relay = new LossyUdpRelay(port, [(7.0, 7.15), (9.5, 9.65)]);
        using var sender = UdpSender.Start(relay.Port, 13);

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(12.5)); // two probes of a live input take ~4 s
        await using var source = new FFmpegSource($"udp://127.0.0.1:{port}", new FFmpegSourceOptions { DecodeAudio = false });
        var pipeline = new AnalysisPipeline(DetectorRegistry.Default.Create(["corruption"]), new PipelineOptions { PartialReportOnCancellation = true });
        var report = await pipeline.RunAsync(source, stop.Token);

        Assert.True(relay.Dropped > 0, "the relay dropped nothing");
        Assert.True(report.Video.Frames > 50, $"only {report.Video.Frames} frames arrived");
        var damage = report.Events.Where(e => e.Kind == DefectKind.BlockCorruption).ToList();
        Assert.True(damage.Count > 0, $"{relay.Dropped} datagrams lost, {report.Video.Frames} frames analysed, events: {string.Join("; ", report.Events.Select(e => $"{e.Kind} {e.Start:0.00}-{e.End:0.00}"))}");
        Assert.DoesNotContain(report.Events, e => e.Kind == DefectKind.DecodeError);
        Assert.All(damage, e => Assert.True(e.Metrics!["decoderErrors"] + e.Metrics["decoderFlaggedFrames"] > 0, "an episode without the decoder's word"));
    }
}
