using FsCheck;
using FsCheck.Xunit;
using VideoDefects.Analysis;
using VideoDefects.Detectors.Corruption;
using VideoDefects.Frames;
using VideoDefects.Tests.Support;

namespace VideoDefects.Tests.Detectors;

public class BlockCorruptionDetectorTests
{
    private static readonly VideoFormat Format = FrameRunner.Format(320, 192);

    /// <summary>A scene panning 2 px per frame, keyframes every 50 frames. From <paramref name="damageAt"/> until
    /// the next keyframe, macroblock rows 4–6 show the picture of 8 frames earlier shifted by whole blocks, as a
    /// concealed, propagated slice would; the keyframe repairs it.</summary>
    private static Action<int, VideoFrame> Scene(int damageAt, int seed = 1)
    {
        var random = new Random(seed);
        return (i, f) =>
        {
            Synthetic.Fill(f, 2 * i, 2, random);
            f.IsKeyFrame = i % 50 == 0;
            var damaged = damageAt >= 0 && i >= damageAt && i / 50 == damageAt / 50;
            if (!damaged)
            {
                return;
            }

            var buffer = f.GetWritableBuffer();
            for (var y = 64; y < 112; y++)
            {
                for (var x = 0; x < f.Width; x++)
                {
                    // Wrong content, block by block: each 16×16 block takes a flat level from a stale picture.
                    var bx = x / 16 * 16;
                    var by = y / 16 * 16;
                    buffer[(y * f.Width) + x] = Synthetic.Scene(bx + (3 * damageAt) + ((i - damageAt) * 2 * (bx / 16 % 3)), by);
                }
            }
        };
    }

    [Fact]
    public void Damage_is_one_event_from_the_damaged_frame_to_the_keyframe_with_its_region()
    {
        // Damage after the first second: without the decoder's word, the stream's norm is learned first.
        var report = FrameRunner.Run([new BlockCorruptionDetector()], Format, 100, Scene(damageAt: 30));
        var e = Assert.Single(report.Events);
        Assert.Equal(DefectKind.BlockCorruption, e.Kind);
        Assert.Equal(30, e.FirstFrame);
        Assert.Equal(49, e.LastFrame);
        Assert.Equal(50 / 25.0, e.End, 6);
        // The region is the bounding box of the grid-aligned change at onset: it covers the damaged band (the
        // panning picture around it may widen it).
        var region = Assert.NotNull(e.Region);
        Assert.True(region.Y <= 64 && region.Y + region.Height >= 112, $"region {region}");
        Assert.InRange(e.Metrics!["affectedArea"], 0.25, 1);
    }

    [Fact]
    public void Clean_moving_content_raises_no_alarm()
    {
        Assert.Empty(FrameRunner.Run([new BlockCorruptionDetector()], Format, 100, Scene(damageAt: -1)).Events);
    }

    [Fact]
    public void Scene_cuts_raise_no_alarm()
    {
        var random = new Random(2);
        var report = FrameRunner.Run([new BlockCorruptionDetector()], Format, 100, (i, f) =>
        {
            Synthetic.Fill(f, (i / 10 * 137) + i, 2, random); // a new shot every 10 frames
            if (i / 10 % 2 == 1)
            {
                var luma = f.GetWritableBuffer()[..(f.Width * f.Height)];
                for (var p = 0; p < luma.Length; p++)
                {
                    luma[p] = (byte)(255 - luma[p]);
                }
            }
        });
        Assert.Empty(report.Events);
    }

    [Property(MaxTest = 10)]
    public bool A_uniform_brightness_step_or_a_repeated_frame_never_raises_an_alarm(PositiveInt step, int seed)
    {
        var random = new Random(seed);
        var report = FrameRunner.Run([new BlockCorruptionDetector()], Format, 60, (i, f) =>
        {
            Synthetic.Fill(f, i < 30 ? i : 29, 1, random); // frames 30+ repeat the same picture
            if (i >= 40)
            {
                var luma = f.GetWritableBuffer()[..(f.Width * f.Height)];
                for (var p = 0; p < luma.Length; p++)
                {
                    luma[p] = (byte)Math.Min(255, luma[p] + (step.Get % 60));
                }
            }
        });
        return report.Events.Count == 0;
    }

    [Fact]
    public void A_decoder_error_with_nothing_visible_is_reported_as_a_decode_error()
    {
        var pipeline = new VideoDefects.Pipeline.AnalysisPipeline([new BlockCorruptionDetector()]);
        pipeline.Start(new MediaInfo("x", Format, null));
        pipeline.ProcessNote(new DecoderNote("error while decoding MB 3 2, bytestream 12", 10, 3, 2));
        var random = new Random(3);
        FrameRunner.Feed(pipeline, Format, 0, 40, (i, f) => Synthetic.Fill(f, 0, 2, random)); // a still, noisy picture
        var e = Assert.Single(pipeline.Complete().Events);
        Assert.Equal(DefectKind.DecodeError, e.Kind);
        Assert.Equal(10, e.FirstFrame);
    }

    /// <summary>FFmpeg's frame-threaded decoder logs a concealment a varying number of frames before the damaged
    /// frame leaves it (seen: two to four); where in that range the message lands must not change the episode.</summary>
    [Theory]
    [InlineData('B', 0)]
    [InlineData('B', 2)]
    [InlineData('B', 4)]
    [InlineData('P', 0)]
    [InlineData('P', 2)]
    [InlineData('P', 4)]
    public void The_episode_does_not_depend_on_how_early_the_decoder_logged_its_message(char pictureType, int early)
    {
        var onTime = OneFrameOfDamageNamedByTheDecoder(pictureType);
        var logged = OneFrameOfDamageNamedByTheDecoder(pictureType, noteAt: 60 - early);
        Assert.Equal(FrameRunner.Lines([onTime]), FrameRunner.Lines([logged]));
    }

    [Fact]
    public void Damage_concealed_in_a_B_frame_ends_with_what_is_seen()
    {
        // Nothing is predicted from a B-frame: its damage is seen in it (and as the repair in the next frame).
        var e = OneFrameOfDamageNamedByTheDecoder('B');
        Assert.Equal(60, e.FirstFrame);
        Assert.InRange(e.LastFrame!.Value, 60, 61);
    }

    [Fact]
    public void Damage_concealed_in_a_P_frame_lasts_to_the_keyframe()
    {
        var e = OneFrameOfDamageNamedByTheDecoder('P');
        Assert.Equal(60, e.FirstFrame);
        Assert.Equal(99, e.LastFrame); // the keyframe at 100 repairs what was predicted from it
    }

    /// <summary>Damage visible in frame 60 only, which the decoder names as concealment in a picture of
    /// <paramref name="pictureType"/> before frame <paramref name="noteAt"/>.</summary>
    private static DefectEvent OneFrameOfDamageNamedByTheDecoder(char pictureType, int noteAt = 60)
    {
        var pipeline = new VideoDefects.Pipeline.AnalysisPipeline([new BlockCorruptionDetector()]);
        pipeline.Start(new MediaInfo("x", Format, null));
        var (clean, damaged) = (Scene(damageAt: -1), Scene(damageAt: 60));
        Action<int, VideoFrame> scene = (i, f) => (i == 60 ? damaged : clean)(i, f);
        FrameRunner.Feed(pipeline, Format, 0, noteAt, scene);
        pipeline.ProcessNote(new DecoderNote($"concealing 40 DC, 40 AC, 40 MV errors in {pictureType} frame", noteAt));
        FrameRunner.Feed(pipeline, Format, noteAt, 100, scene);
        var e = Assert.Single(pipeline.Complete().Events);
        Assert.Equal(DefectKind.BlockCorruption, e.Kind);
        return e;
    }
}
