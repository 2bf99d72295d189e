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
    private static Action<int, VideoFrame> Scene(int damageAt, int seed = 1) => PanningScene(seed, (i, f) =>
    {
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
    });

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
    public void Damage_found_from_pixels_alone_ends_where_its_seams_go_away()
    {
        // Re-encoded after the damage, with its own keyframes (here only the first): what is baked in stays until the
        // upstream repair at frame 46.
        var damage = Scene(damageAt: 30);
        var report = FrameRunner.Run([new BlockCorruptionDetector()], Format, 100, (i, f) =>
        {
            damage(i < 46 ? i : 60, f);
            f.IsKeyFrame = i == 0;
            if (i >= 46)
            {
                Synthetic.Fill(f, 2 * i, 2, new Random(i));
            }
        });
        var e = Assert.Single(report.Events);
        Assert.Equal(30, e.FirstFrame);
        Assert.Equal(45, e.LastFrame);
    }

    [Fact]
    public void A_blocky_picture_that_lasts_a_frame_or_two_is_not_damage()
    {
        // An encoder's coarse refresh (after a cut in a predicted picture, a flash): whole-block flat levels for two
        // frames, gone after them. Damage stays until it is repaired.
        var report = FrameRunner.Run([new BlockCorruptionDetector()], Format, 100, PanningScene(3, (i, f) =>
        {
            if (i is 40 or 41)
            {
                Repaint(f, (x, y, _) => Synthetic.Scene((x / 16 * 16) + (2 * i), y / 16 * 16));
            }
        }));
        Assert.Empty(report.Events);
    }

    [Fact]
    public void A_source_that_turns_blocky_is_not_damage()
    {
        // The source's own quality drops (an archival transfer, a bitrate step): from frame 40 every macroblock gains
        // a flat offset of its own, so seams appear all over the picture and stay — but no block is replaced by wrong
        // content, so what changed is not cut along the grid.
        var report = FrameRunner.Run([new BlockCorruptionDetector()], Format, 100, PanningScene(4, (i, f) =>
        {
            if (i >= 40)
            {
                Repaint(f, (x, y, v) => (byte)Math.Clamp(v + (((x / 16) + (y / 16)) % 2 == 0 ? 6 : -6), 0, 255));
            }
        }));
        Assert.Empty(report.Events);
    }

    [Fact]
    public void Blocks_of_a_heavily_compressed_stream_that_move_elsewhere_are_not_damage()
    {
        // Heavy compression: a third of the macroblocks always show as flat blocks. A burst of motion at frame 60
        // moves them elsewhere, so many seams are new at once — but the picture is no blockier than it always was.
        var report = FrameRunner.Run([new BlockCorruptionDetector()], Format, 100, PanningScene(5, (i, f) =>
        {
            var buffer = f.GetWritableBuffer();
            for (var by = 0; by < f.Height / 16; by++)
            {
                for (var bx = 0; bx < f.Width / 16; bx++)
                {
                    if (((bx * 7) + (by * 13) + (i < 60 ? 0 : 1)) % 3 == 0)
                    {
                        FlattenBlock(buffer, f.Width, bx, by);
                    }
                }
            }
        }));
        Assert.Empty(report.Events);
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
    public void A_decoder_error_with_nothing_visible_is_still_damage_graded_as_invisible()
    {
        // The decoder's word is evidence the picture is wrong; pixels grade it, they do not cancel it. No frame was
        // flagged (a decoder that does not flag frames), so the episode starts where the error was logged, and with
        // keyframes unknown it ends after a quiet second.
        var pipeline = new VideoDefects.Pipeline.AnalysisPipeline([new BlockCorruptionDetector()]);
        pipeline.Start(new MediaInfo("x", Format, null));
        pipeline.ProcessNote(new DecoderNote("error while decoding MB 3 2, bytestream 12", 10, 3, 2) { Kind = DecoderNoteKind.SliceError });
        var random = new Random(3);
        FrameRunner.Feed(pipeline, Format, 0, 80, (i, f) => Synthetic.Fill(f, 0, 2, random)); // a still, noisy picture
        var e = Assert.Single(pipeline.Complete().Events);
        Assert.Equal(DefectKind.BlockCorruption, e.Kind);
        Assert.Equal(10, e.FirstFrame);
        Assert.Equal(0, e.Metrics!["visibleShare"]);
        Assert.Equal(new PixelRegion(48, 32, 16, 16), e.Region);
    }

    [Fact]
    public void Errors_logged_after_the_last_frame_reach_no_picture_and_are_a_decode_error()
    {
        var pipeline = new VideoDefects.Pipeline.AnalysisPipeline([new BlockCorruptionDetector()]);
        pipeline.Start(new MediaInfo("x", Format, null));
        var random = new Random(4);
        FrameRunner.Feed(pipeline, Format, 0, 30, (i, f) => Synthetic.Fill(f, i, 2, random));
        pipeline.ProcessNote(new DecoderNote("error while decoding MB 3 2, bytestream 12", 30, 3, 2) { Kind = DecoderNoteKind.SliceError });
        var e = Assert.Single(pipeline.Complete().Events);
        Assert.Equal(DefectKind.DecodeError, e.Kind);
        Assert.Equal(29, e.FirstFrame);
    }

    [Fact]
    public void Notices_that_report_no_damage_are_ignored()
    {
        var pipeline = new VideoDefects.Pipeline.AnalysisPipeline([new BlockCorruptionDetector()]);
        pipeline.Start(new MediaInfo("x", Format, null));
        pipeline.ProcessNote(new DecoderNote("Increasing reorder buffer to 1", 10));
        FrameRunner.Feed(pipeline, Format, 0, 60, Scene(damageAt: -1));
        Assert.Empty(pipeline.Complete().Events);
    }

    /// <summary>A decoder logs a concealment while it decodes a picture, which comes out a few frames later
    /// (reordering); the flag on the frame itself says which one. How early the concealment was logged must not
    /// change the episode.</summary>
    [Theory]
    [InlineData(PictureType.B, 0)]
    [InlineData(PictureType.B, 2)]
    [InlineData(PictureType.B, 4)]
    [InlineData(PictureType.P, 0)]
    [InlineData(PictureType.P, 2)]
    [InlineData(PictureType.P, 4)]
    public void The_episode_does_not_depend_on_how_early_the_decoder_logged_its_concealment(PictureType type, int early)
    {
        var onTime = DamagedFrameFlaggedByTheDecoder(type, concealmentAt: 60);
        var logged = DamagedFrameFlaggedByTheDecoder(type, concealmentAt: 60 - early);
        Assert.Equal(FrameRunner.Lines([onTime]), FrameRunner.Lines([logged]));
    }

    [Fact]
    public void Damage_in_a_B_frame_is_that_frame_and_what_is_seen_after_it()
    {
        // Nothing but its neighbouring B frames is predicted from a B frame: its damage is seen in it (and as the
        // repair in the next frame).
        var e = DamagedFrameFlaggedByTheDecoder(PictureType.B);
        Assert.Equal(60, e.FirstFrame);
        Assert.InRange(e.LastFrame!.Value, 60, 61);
        Assert.Equal(1, e.Metrics!["decoderFlaggedFrames"]);
    }

    [Fact]
    public void Damage_in_a_P_frame_lasts_to_the_keyframe_and_covers_the_B_frames_shown_before_it()
    {
        // Frames 58 and 59 are B frames predicted from the damaged P frame 60, which the decoder flags after them.
        var e = DamagedFrameFlaggedByTheDecoder(PictureType.P, bFramesBefore: 2);
        Assert.Equal(58, e.FirstFrame);
        Assert.Equal(58 / 25.0, e.Start, 6);
        Assert.Equal(99, e.LastFrame); // the keyframe at 100 repairs what was predicted from it
        Assert.Equal(100 / 25.0, e.End, 6);
    }

    [Fact]
    public void A_damaged_keyframe_damages_its_whole_group_of_pictures()
    {
        var e = DamagedFrameFlaggedByTheDecoder(PictureType.I, damagedFrame: 50);
        Assert.Equal(50, e.FirstFrame);
        Assert.Equal(99, e.LastFrame);
    }

    [Fact]
    public void Lost_frames_start_the_episode_when_the_held_picture_was_shown_and_are_counted()
    {
        var e = TwoFramesLostBefore(60); // frames 60 and 61 of the stream never came
        Assert.Equal(60 / 25.0, e.Start, 6); // the first missing frame's time
        Assert.Equal(99, e.LastFrame);
        Assert.Equal(102 / 25.0, e.End, 6);
        Assert.Equal(2, e.Metrics!["framesLost"]);
    }

    [Fact]
    public void Frames_lost_just_before_a_keyframe_are_the_gap_only()
    {
        // Nothing after the keyframe is predicted from what was lost: the damage is the held picture during the gap.
        var e = TwoFramesLostBefore(50); // the keyframe at 50 came after two lost frames
        Assert.Equal(50 / 25.0, e.Start, 6);
        Assert.Equal(52 / 25.0, e.End, 6);
        Assert.Equal(49, e.LastFrame);
        Assert.Equal(2, e.Metrics!["framesLost"]);
    }

    /// <summary>The clean scene (keyframes every 50 frames) with two frames missing before frame <paramref name="at"/>
    /// (its timestamp and every later one two periods later); the one event it gives.</summary>
    /// <summary>The scene panning 2 px per frame with noise drawn from <paramref name="seed"/>, keyframes every 50
    /// frames, then changed by <paramref name="change"/>.</summary>
    private static Action<int, VideoFrame> PanningScene(int seed, Action<int, VideoFrame> change)
    {
        var random = new Random(seed);
        return (i, f) =>
        {
            Synthetic.Fill(f, 2 * i, 2, random);
            f.IsKeyFrame = i % 50 == 0;
            change(i, f);
        };
    }

    /// <summary>Sets every luma sample to <paramref name="pixel"/>(x, y, its value).</summary>
    private static void Repaint(VideoFrame frame, Func<int, int, byte, byte> pixel)
    {
        var buffer = frame.GetWritableBuffer();
        for (var y = 0; y < frame.Height; y++)
        {
            for (var x = 0; x < frame.Width; x++)
            {
                buffer[(y * frame.Width) + x] = pixel(x, y, buffer[(y * frame.Width) + x]);
            }
        }
    }

    /// <summary>Replaces a 16×16 block of the luma plane by its mean, as a coarse quantiser leaves it.</summary>
    private static void FlattenBlock(Span<byte> luma, int width, int bx, int by)
    {
        var sum = 0;
        for (var y = by * 16; y < (by * 16) + 16; y++)
        {
            foreach (var v in luma.Slice((y * width) + (bx * 16), 16))
            {
                sum += v;
            }
        }

        for (var y = by * 16; y < (by * 16) + 16; y++)
        {
            luma.Slice((y * width) + (bx * 16), 16).Fill((byte)(sum / 256));
        }
    }

    private static DefectEvent TwoFramesLostBefore(int at)
    {
        var pipeline = new VideoDefects.Pipeline.AnalysisPipeline([new BlockCorruptionDetector()]);
        pipeline.Start(new MediaInfo("x", Format, null));
        var scene = Scene(damageAt: -1);
        using var pool = new VideoFramePool(Format);
        for (var i = 0; i < 100; i++)
        {
            var f = pool.Rent();
            scene(i, f);
            f.FramesLostBefore = i == at ? 2 : 0;
            f.Timestamp = (i + (i >= at ? 2 : 0)) / 25.0;
            pipeline.ProcessVideo(f);
        }

        var e = Assert.Single(pipeline.Complete().Events);
        Assert.Equal(DefectKind.BlockCorruption, e.Kind);
        return e;
    }

    /// <summary>Damage visible in frame <paramref name="damagedFrame"/> only, a picture of <paramref name="type"/> that
    /// the decoder flags as it comes out, with its concealment logged before frame <paramref name="concealmentAt"/>;
    /// the <paramref name="bFramesBefore"/> frames before it are B frames.</summary>
    private static DefectEvent DamagedFrameFlaggedByTheDecoder(PictureType type, int? concealmentAt = null, int bFramesBefore = 0, int damagedFrame = 60)
    {
        var concealed = concealmentAt ?? damagedFrame;
        var pipeline = new VideoDefects.Pipeline.AnalysisPipeline([new BlockCorruptionDetector()]);
        pipeline.Start(new MediaInfo("x", Format, null));
        var (clean, damaged) = (Scene(damageAt: -1), Scene(damageAt: damagedFrame));
        Action<int, VideoFrame> scene = (i, f) =>
        {
            (i == damagedFrame ? damaged : clean)(i, f);
            f.PictureType = i == damagedFrame ? type : i >= damagedFrame - bFramesBefore && i < damagedFrame ? PictureType.B : PictureType.P;
        };
        FrameRunner.Feed(pipeline, Format, 0, concealed, scene);
        pipeline.ProcessNote(new DecoderNote($"concealing 40 DC, 40 AC, 40 MV errors in {type} frame", concealed) { Kind = DecoderNoteKind.SliceError, PictureType = type });
        FrameRunner.Feed(pipeline, Format, concealed, damagedFrame, scene);
        pipeline.ProcessNote(new DecoderNote("corrupt decoded frame", damagedFrame) { Kind = DecoderNoteKind.DamagedFrame });
        FrameRunner.Feed(pipeline, Format, damagedFrame, 100, scene);
        var e = Assert.Single(pipeline.Complete().Events);
        Assert.Equal(DefectKind.BlockCorruption, e.Kind);
        return e;
    }
}
