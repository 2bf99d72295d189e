using VideoDefects.Analysis;
using VideoDefects.Detectors;
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
        var pipeline = new AnalysisPipeline(DetectorCatalog.Create(["corruption"]), new PipelineOptions { PartialReportOnCancellation = true });
        var report = await pipeline.RunAsync(source, stop.Token);

        Assert.True(report.Video.Frames > 50, $"only {report.Video.Frames} frames arrived");
        Assert.DoesNotContain(report.Events, e => e.Kind is DefectKind.BlockCorruption or DefectKind.DecodeError);
    }
}
