using VideoDefects.Analysis;
using VideoDefects.Detectors.Black;
using VideoDefects.Frames;
using VideoDefects.Tests.Support;

namespace VideoDefects.Tests.Detectors;

/// <summary>Black pictures as <c>blackdetect</c> defines them, on generated frames (25 fps).</summary>
public class BlackDetectorTests
{
    /// <summary>A picture at <paramref name="level"/> with a bright logo covering <paramref name="logoShare"/> of it.</summary>
    private static void Draw(VideoFrame frame, byte level, double logoShare = 0)
    {
        var buffer = frame.GetWritableBuffer();
        buffer.Fill(128); // neutral chroma
        var lumaBytes = frame.Width * frame.Height;
        buffer[..lumaBytes].Fill(level);
        buffer[..(int)(logoShare * lumaBytes)].Fill(235);
    }

    [Fact]
    public void Black_with_a_fade_and_a_logo_is_one_event_and_a_dark_scene_is_none()
    {
        // 0-2 s picture, 2-2.4 s fade down, black with a 1.5 % logo to 5 s, then a dark scene (luma 40) to 8 s.
        var report = FrameRunner.Run([new BlackDetector()], FrameRunner.Format(), 200, (i, f) =>
        {
            var t = i / 25.0;
            if (t < 2)
            {
                Draw(f, 120);
            }
            else if (t < 2.4)
            {
                Draw(f, (byte)(16 + ((120 - 16) * (2.4 - t) / 0.4)));
            }
            else if (t < 5)
            {
                Draw(f, 16, 0.015);
            }
            else
            {
                Draw(f, 40);
            }
        });

        var black = Assert.Single(report.Events);
        Assert.Equal(DefectKind.Black, black.Kind);
        // Levels ≤ 37 start the run: the fade reaches 16 + 104 × (2.4 − t)/0.4 ≤ 37 from t ≈ 2.32 s (frame 58).
        Assert.Equal(58, black.FirstFrame);
        Assert.Equal(5.0, black.End, 6);
    }

    [Theory]
    [InlineData(LumaRange.Limited, 37)]
    [InlineData(LumaRange.Full, 25)]
    public void The_pixel_level_is_blackdetects(LumaRange range, int level) =>
        Assert.Equal(level, new BlackDetectorOptions { Range = range }.PixelLevel);

    [Fact]
    public void Black_shorter_than_the_minimum_is_not_reported_and_long_black_is_announced_live()
    {
        var events = new RecordingEvents();
        var detector = new BlackDetector();
        var format = FrameRunner.Format();
        detector.Start(new MediaInfo("synthetic", format, null));
        using var pool = new VideoFramePool(format);
        for (var i = 0; i < 250; i++)
        {
            using var frame = pool.Rent();
            var t = i / 25.0;
            Draw(frame, t is >= 1 and < 2.5 || t >= 4 ? (byte)16 : (byte)100);
            frame.Index = i;
            frame.Timestamp = t;
            detector.OnVideoFrame(frame, null!, events);
        }

        Assert.Single(events.Announced);
        Assert.Empty(events.Final);
        detector.Complete(events);
        Assert.Equal((4.0, 10.0), (events.Final.Single().Start, events.Final.Single().End));
    }
}
