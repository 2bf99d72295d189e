using VideoDefects.Analysis;
using VideoDefects.Detectors;
using VideoDefects.Detectors.Frozen;
using VideoDefects.Detectors.Registry;
using VideoDefects.Frames;
using VideoDefects.Pipeline;

namespace VideoDefects.Tests.Pipeline;

public class LumaOnlyNegotiationTests
{
    [Fact]
    public void The_built_in_detectors_need_luma_only()
    {
        var pipeline = new AnalysisPipeline(DetectorRegistry.Default.Create(null));
        var source = new RecordingSource();
        pipeline.Configure(source);
        Assert.False(pipeline.NeedsChroma);
        Assert.True(source.AskedForLumaOnly);
    }

    [Fact]
    public void An_analyzer_that_does_not_say_gets_whole_frames()
    {
        var pipeline = new AnalysisPipeline([.. DetectorRegistry.Default.Create(null), new SilentAnalyzer()]);
        var source = new RecordingSource();
        pipeline.Configure(source);
        Assert.True(pipeline.NeedsChroma);
        Assert.False(source.AskedForLumaOnly);
    }

    [Fact]
    public void FFmpeg_compatible_freeze_detection_compares_the_colour_planes_too()
    {
        Assert.True(new FrozenFrameDetector(new FrozenFrameDetectorOptions { Mode = FreezeMode.FFmpegCompatible }).NeedsChroma);
        Assert.False(new FrozenFrameDetector().NeedsChroma);
    }

    private sealed class RecordingSource : ILumaOnlySource
    {
        public bool AskedForLumaOnly { get; private set; }

        public void RequestLumaOnly() => AskedForLumaOnly = true;

        public ValueTask<MediaInfo> OpenAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<MediaSample> ReadAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>Implements only what it must: <see cref="IFrameAnalyzer.NeedsChroma"/> keeps its default.</summary>
    private sealed class SilentAnalyzer : IFrameAnalyzer
    {
        public string Name => "silent";

        public bool WantsAudio => false;

        public void Start(MediaInfo media)
        {
        }

        public void OnVideoFrame(VideoFrame frame, FrameFeatures features, IDefectEventWriter events)
        {
        }

        public void OnAudio(AudioBlock block, IDefectEventWriter events)
        {
        }

        public void Complete(IDefectEventWriter events)
        {
        }

        public AnalyzerCheckpoint SaveCheckpoint() => throw new NotSupportedException();

        public void RestoreCheckpoint(AnalyzerCheckpoint checkpoint) => throw new NotSupportedException();
    }
}
