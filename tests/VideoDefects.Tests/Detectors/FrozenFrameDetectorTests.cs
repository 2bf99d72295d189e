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

    [Fact]
    public void A_pipeline_that_does_not_retain_events_hands_each_to_the_live_writer_and_keeps_none()
    {
        var live = new LiveLog();
        var pipeline = new VideoDefects.Pipeline.AnalysisPipeline([new FrozenFrameDetector()], new VideoDefects.Pipeline.PipelineOptions { LiveEvents = live, RetainEvents = false });
        pipeline.Start(new Frames.MediaInfo("x", Format, null));
        FrameRunner.Feed(pipeline, Format, 0, 80, FreezeScene(noise: 0));
        var report = pipeline.Complete();

        var written = Assert.Single(live.Written);
        Assert.Equal((21, 49), (written.FirstFrame, written.LastFrame));
        Assert.Empty(pipeline.Events);
        Assert.Empty(report.Events);
    }

    private sealed class LiveLog : IDefectEventWriter
    {
        public List<DefectEvent> Started { get; } = [];

        public List<DefectEvent> Written { get; } = [];

        public int StartedWhenWritten { get; private set; } = -1;

        public void Write(DefectEvent defect)
        {
            Written.Add(defect);
            StartedWhenWritten = Started.Count - 1;
        }

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

    /// <summary>The programme of <see cref="FreezeScene"/> under live graphics keyed on after it: a ticker band along
    /// the bottom scrolling 2 px a frame, and a clock box top right whose digits change once a second.</summary>
    private static Action<int, Frames.VideoFrame> UnderGraphics(Action<int, Frames.VideoFrame> programme) => (i, f) =>
    {
        programme(i, f);
        var luma = f.GetWritableBuffer();
        for (var y = 84; y < 96; y++)
        {
            for (var x = 0; x < f.Width; x++)
            {
                // Letters of uneven widths crawling left.
                var u = x + (2 * i);
                luma[(y * f.Width) + x] = (byte)((u % 13 < 5 || u % 29 < 3) && y is > 86 and < 93 ? 235 : 40);
            }
        }

        Synthetic.Square(f, 136, 0, 16, (byte)(60 + (i / 25 % 2 * 150))); // the clock ticks every 25 frames
    };

    /// <summary>Moving content (3 px per frame), frozen on frame 60's picture for frames 60..99, moving again.</summary>
    private static void LateFreeze(int i, Frames.VideoFrame f, Random random) => Synthetic.Fill(f, i is >= 60 and < 100 ? 180 : 3 * i, 2, random);

    [Fact]
    public void A_freeze_under_a_running_ticker_and_clock_is_found_and_the_graphics_are_named()
    {
        var random = new Random(7);
        var report = FrameRunner.Run([new FrozenFrameDetector()], Format, 140, UnderGraphics((i, f) => LateFreeze(i, f, random)));
        var e = Assert.Single(report.Events);
        Assert.Equal(61, e.FirstFrame);
        Assert.Equal(99, e.LastFrame);
        var m = e.Metrics!;
        Assert.InRange(m["graphicsDiscountedFrames"], 1, 39);
        // The ticker is a band: the whole width, from the bottom up to at least its top (84). The panning programme
        // was live at the edges until the freeze too, so the regions may reach further in (up to the edge fifth).
        Assert.Equal((0, 160), (m["graphicsBottomX"], m["graphicsBottomWidth"]));
        Assert.Equal(96, m["graphicsBottomY"] + m["graphicsBottomHeight"]);
        Assert.InRange(m["graphicsBottomY"], 64, 84);
        // The clock (136..151, 0..15) is inside the top region.
        Assert.Equal(0, m["graphicsTopY"]);
        Assert.InRange(m["graphicsTopX"], 0, 136);
        Assert.InRange(m["graphicsTopX"] + m["graphicsTopWidth"], 152, 160);
        Assert.InRange(m["graphicsTopHeight"], 16, 32);
    }

    [Fact]
    public void Ignored_regions_win_over_learning_and_learning_can_be_turned_off()
    {
        var random = new Random(8);
        var draw = UnderGraphics((i, f) => LateFreeze(i, f, random));
        Assert.Empty(FrameRunner.Run([new FrozenFrameDetector(new FrozenFrameDetectorOptions { DiscountLiveGraphics = false })], Format, 140, draw).Events);
        var ignoring = new FrozenFrameDetectorOptions { IgnoreRegions = [new PixelRegion(0, 80, 160, 16), new PixelRegion(128, 0, 32, 24)] };
        var e = Assert.Single(FrameRunner.Run([new FrozenFrameDetector(ignoring)], Format, 140, draw).Events);
        Assert.Equal(61, e.FirstFrame);
        Assert.False(e.Metrics!.ContainsKey("graphicsDiscountedFrames")); // ignored blocks are never learned
    }

    [Theory]
    [InlineData(0)] // on screen from the start
    [InlineData(75)] // coming in after 3 s
    public void A_car_driving_along_the_bottom_edge_of_a_still_shot_is_not_taken_for_graphics(int enters)
    {
        var random = new Random(6);
        var report = FrameRunner.Run([new FrozenFrameDetector()], Format, 170, (i, f) =>
        {
            // A static camera: only the car moves, 1 px a frame, from the left edge to past the right one.
            Synthetic.Fill(f, 0, 3, random);
            Synthetic.Square(f, -16 + (i - enters), 80, 16, 20);
        });
        // Before the car comes, the still shot is (rightly) a freeze; once it drives, nothing is.
        Assert.DoesNotContain(report.Events, e => e.LastFrame > enters + 1);
    }

    [Fact]
    public void Something_moving_on_the_spot_at_the_edge_since_a_few_seconds_is_not_taken_for_graphics()
    {
        // A static camera; from 3 s on a flag flutters in the bottom-left corner, where a bug could be. Graphics are
        // on since the stream started (or for 10 s): this has been moving for less, so it is programme.
        var random = new Random(9);
        var report = FrameRunner.Run([new FrozenFrameDetector()], Format, 170, (i, f) =>
        {
            Synthetic.Fill(f, 0, 3, random);
            if (i >= 75)
            {
                Synthetic.Square(f, 8, 78, 14, (byte)(i / 2 % 2 == 0 ? 30 : 220));
            }
        });
        Assert.DoesNotContain(report.Events, e => e.LastFrame > 76);
    }

    /// <summary>Regression (found by the pipeline fuzz property): a picture one block row high has no rows between
    /// the edge bands, and the graphics check ran past the end of its block map.</summary>
    [Theory]
    [InlineData(79, 11)]
    [InlineData(16, 16)]
    [InlineData(160, 24)]
    public void A_picture_a_few_blocks_high_with_graphics_and_motion_is_analysed(int width, int height)
    {
        var random = new Random(10);
        var format = FrameRunner.Format(width, height);
        var report = FrameRunner.Run([new FrozenFrameDetector()], format, 120, (i, f) =>
        {
            Synthetic.Fill(f, i is >= 60 and < 100 ? 180 : 3 * i, 2, random);
            Synthetic.Square(f, i % 7, 0, 8, (byte)(i * 37 % 255)); // changes every frame, at the top edge
            Synthetic.Square(f, width / 2, height / 2, 4, (byte)(i % 2 * 200)); // and something in the middle
        });
        Assert.All(report.Events, e => Assert.True(e.FirstFrame <= e.LastFrame));
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
