using FsCheck;
using FsCheck.Xunit;
using VideoDefects.Analysis;
using VideoDefects.Detectors.Frozen;
using VideoDefects.Tests.Support;

namespace VideoDefects.Tests.Detectors;

public class FrozenFrameDetectorTests
{
    private static readonly Frames.VideoFormat Format = FrameRunner.Format();

    /// <summary>Moving content (3 px per frame), frozen on frame 20's picture for frames 20..49, moving again.</summary>
    private static Action<int, Frames.VideoFrame> FreezeScene(int noise, int seed = 1)
    {
        var random = new Random(seed);
        return (i, f) => Synthetic.Fill(f, i is >= 20 and < 50 ? 60 : 3 * i, noise, random);
    }

    [Fact]
    public void Clean_freeze_is_one_event_from_the_first_repeated_frame_to_the_first_moving_frame()
    {
        var report = FrameRunner.Run([new FrozenFrameDetector()], Format, 80, FreezeScene(noise: 0));
        var e = Assert.Single(report.Events);
        Assert.Equal(DefectKind.FrozenFrame, e.Kind);
        Assert.Equal(21, e.FirstFrame);
        Assert.Equal(49, e.LastFrame);
        Assert.Equal(21 / 25.0, e.Start, 6);
        Assert.Equal(50 / 25.0, e.End, 6);
        Assert.InRange(e.Confidence, 0.5, 1);
    }

    [Fact]
    public void A_confirmed_freeze_is_announced_live_before_it_ends()
    {
        var live = new LiveLog();
        var pipeline = new VideoDefects.Pipeline.AnalysisPipeline([new FrozenFrameDetector()], new VideoDefects.Pipeline.PipelineOptions { LiveEvents = live });
        pipeline.Start(new Frames.MediaInfo("x", Format, null));
        FrameRunner.Feed(pipeline, Format, 0, 80, FreezeScene(noise: 0));
        var report = pipeline.Complete();
        var started = Assert.Single(live.Started);
        Assert.Equal(report.Events[0].Id, started.Id);
        Assert.Equal(21, started.FirstFrame);
        Assert.Equal(33, started.LastFrame); // the first frame 0.5 s after the reference frame 20 confirms it
        Assert.Equal(0, live.StartedWhenWritten);
    }

    private sealed class LiveLog : IDefectEventWriter
    {
        public List<DefectEvent> Started { get; } = [];

        public int StartedWhenWritten { get; private set; } = -1;

        public void Write(DefectEvent defect) => StartedWhenWritten = Started.Count - 1;

        void IDefectEventWriter.Started(DefectEvent provisional) => Started.Add(provisional);
    }

    [Fact]
    public void Freeze_under_strong_temporal_noise_is_found()
    {
        var report = FrameRunner.Run([new FrozenFrameDetector()], Format, 80, FreezeScene(noise: 12));
        var e = Assert.Single(report.Events);
        Assert.Equal(21, e.FirstFrame);
        Assert.Equal(49, e.LastFrame);
    }

    [Fact]
    public void FFmpeg_mode_misses_the_noisy_freeze_at_its_default_threshold_as_freezedetect_does()
    {
        var options = new FrozenFrameDetectorOptions { Mode = FreezeMode.FFmpegCompatible };
        Assert.Empty(FrameRunner.Run([new FrozenFrameDetector(options)], Format, 80, FreezeScene(noise: 12)).Events);
        var clean = Assert.Single(FrameRunner.Run([new FrozenFrameDetector(options)], Format, 80, FreezeScene(noise: 0)).Events);
        Assert.Equal(20, clean.FirstFrame); // FFmpeg reports from the reference frame
        Assert.Equal(20 / 25.0, clean.Start, 6);
        Assert.True(clean.Metrics!.ContainsKey("mafd"));
    }

    [Theory]
    [InlineData(0.5, 0)]
    [InlineData(0.5, 6)]
    [InlineData(1.0, 6)]
    public void Slow_pan_with_noise_is_not_a_freeze(double pixelsPerFrame, int noise)
    {
        var random = new Random(3);
        var report = FrameRunner.Run([new FrozenFrameDetector()], Format, 150, (i, f) => Synthetic.Fill(f, i * pixelsPerFrame, noise, random));
        Assert.Empty(report.Events);
    }

    [Fact]
    public void Still_scene_with_one_small_moving_object_is_not_a_freeze()
    {
        var random = new Random(4);
        var report = FrameRunner.Run([new FrozenFrameDetector()], Format, 100, (i, f) =>
        {
            Synthetic.Fill(f, 0, 3, random);
            Synthetic.Square(f, 10 + i, 40, 16, 20); // a dark car crossing slowly
        });
        Assert.Empty(report.Events);
    }

    [Fact]
    public void Moving_overlay_hides_a_freeze_unless_its_region_is_ignored()
    {
        void Draw(int i, Frames.VideoFrame f)
        {
            FreezeScene(noise: 2)(i, f);
            Synthetic.Square(f, 100 + (i % 4 * 8), 0, 16, (byte)(i * 37 % 255)); // a ticking clock in the corner
        }

        Assert.Empty(FrameRunner.Run([new FrozenFrameDetector()], Format, 80, Draw).Events);
        var ignoring = new FrozenFrameDetectorOptions { IgnoreRegions = [new PixelRegion(96, 0, 64, 24)] };
        var e = Assert.Single(FrameRunner.Run([new FrozenFrameDetector(ignoring)], Format, 80, Draw).Events);
        Assert.Equal(21, e.FirstFrame);
    }

    [Fact]
    public void Freeze_open_at_the_end_of_the_stream_is_reported_with_the_last_frame_as_its_end()
    {
        var random = new Random(5);
        var report = FrameRunner.Run([new FrozenFrameDetector()], Format, 60, (i, f) => Synthetic.Fill(f, i < 30 ? 2 * i : 60, 4, random));
        var e = Assert.Single(report.Events);
        Assert.Equal(31, e.FirstFrame);
        Assert.Equal(59, e.LastFrame);
        Assert.Equal(60 / 25.0, e.End, 6);
    }

    [Fact]
    public void Freeze_shorter_than_the_minimum_duration_is_not_reported()
    {
        var options = new FrozenFrameDetectorOptions { MinDuration = TimeSpan.FromSeconds(1.5) };
        Assert.Empty(FrameRunner.Run([new FrozenFrameDetector(options)], Format, 80, FreezeScene(noise: 0)).Events);
    }

    [Property(MaxTest = 20)]
    public bool Events_do_not_change_with_a_constant_brightness_offset(PositiveInt offsetSeed, int noiseSeed)
    {
        var offset = offsetSeed.Get % 40;
        var plain = FrameRunner.Run([new FrozenFrameDetector()], Format, 80, FreezeScene(6, noiseSeed));
        var draw = FreezeScene(6, noiseSeed);
        var brighter = FrameRunner.Run([new FrozenFrameDetector()], Format, 80, (i, f) =>
        {
            draw(i, f);
            var luma = f.GetWritableBuffer()[..(f.Width * f.Height)];
            for (var p = 0; p < luma.Length; p++)
            {
                luma[p] = (byte)Math.Min(255, luma[p] + offset);
            }
        });
        // Which frames are frozen must not move; the figures may (pixels clipped at 255 carry less noise).
        return plain.Events.Select(e => (e.FirstFrame, e.LastFrame)).SequenceEqual(brighter.Events.Select(e => (e.FirstFrame, e.LastFrame)));
    }

    [Fact]
    public void Options_out_of_range_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FrozenFrameDetector(new FrozenFrameDetectorOptions { MinDuration = TimeSpan.FromSeconds(-1) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FrozenFrameDetector(new FrozenFrameDetectorOptions { NoiseRatio = 2 }));
        Assert.Equal(0.001, FrozenFrameDetectorOptions.NoiseFromDecibels(-60), 9);
    }
}
