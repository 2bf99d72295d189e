using FsCheck;
using FsCheck.Xunit;
using VideoDefects.Analysis;
using VideoDefects.Detectors;
using VideoDefects.Detectors.Frozen;
using VideoDefects.Detectors.Registry;
using VideoDefects.Frames;
using VideoDefects.Pipeline;
using VideoDefects.Tests.Support;

namespace VideoDefects.Tests.Pipeline;

/// <summary>Analysing a stream in two pieces, with the checkpoint handed from the first pipeline to a fresh one,
/// gives the same events as one pass — the property Lambda segments and Orleans failover rely on.</summary>
public class CheckpointTests
{
    private static readonly VideoFormat Format = FrameRunner.Format(96, 64);

    /// <summary>A stream with freezes at seeded places and lengths, moving between them, with noise (and for even seeds
    /// a ticker that never stops).</summary>
    private static Action<int, VideoFrame> Stream(int seed)
    {
        var plan = new Random(seed);
        var frozenFrom = new HashSet<int>();
        for (var start = plan.Next(0, 20); start < 200; start += plan.Next(15, 60))
        {
            var length = plan.Next(5, 40);
            for (var i = 0; i < length; i++)
            {
                frozenFrom.Add(start + i);
            }
        }

        var shift = new double[200];
        for (var i = 1; i < 200; i++)
        {
            shift[i] = frozenFrom.Contains(i) ? shift[i - 1] : shift[i - 1] + 2;
        }

        // Half the streams carry a crawling ticker along the bottom, so the learned graphics cross the hand-off too.
        var ticker = seed % 2 == 0;
        return (i, f) =>
        {
            Synthetic.Fill(f, shift[i], 3, new Random((seed * 1000) + i));
            for (var y = 54; ticker && y < f.Height; y++)
            {
                for (var x = 0; x < f.Width; x++)
                {
                    f.GetWritableBuffer()[(y * f.Width) + x] = (byte)((x + (2 * i)) % 11 < 4 ? 230 : 30);
                }
            }
        };
    }

    private static IFrameAnalyzer[] Detectors(FreezeMode mode) =>
        [.. DetectorRegistry.Default.Create(null, new DetectorSettings { Frozen = new FrozenFrameDetectorOptions { Mode = mode, MinDuration = TimeSpan.FromSeconds(0.3) } })];

    [Property(MaxTest = 25)]
    public bool Two_pieces_with_hand_off_equal_one_pass(int seed, PositiveInt splitSeed, bool ffmpegMode)
    {
        var mode = ffmpegMode ? FreezeMode.FFmpegCompatible : FreezeMode.Robust;
        var draw = Stream(seed);
        var split = 1 + (splitSeed.Get % 198);
        var whole = FrameRunner.Run(Detectors(mode), Format, 200, draw);

        var first = new AnalysisPipeline(Detectors(mode));
        first.Start(new MediaInfo("a", Format, null));
        FrameRunner.Feed(first, Format, 0, split, draw);
        // Through bytes, as every host stores it (S3 object, grain state).
        var checkpoint = PipelineCheckpoint.FromBytes(first.SaveCheckpoint().ToBytes());
        var firstEvents = first.Events.ToList();

        var second = new AnalysisPipeline(Detectors(mode));
        second.Start(new MediaInfo("b", Format, null));
        second.RestoreCheckpoint(checkpoint);
        FrameRunner.Feed(second, Format, split, 200, draw);
        var rest = second.Complete();

        var pieces = FrameRunner.Lines(firstEvents.Concat(rest.Events));
        return pieces.SequenceEqual(FrameRunner.Lines(whole.Events)) && rest.Video.Frames == 200;
    }

    [Fact]
    public void A_checkpoint_of_another_analyzer_is_refused()
    {
        var detector = new FrozenFrameDetector();
        detector.Start(new MediaInfo("x", Format, null));
        var bad = new AnalyzerCheckpoint("corruption", 1, []);
        Assert.Throws<ArgumentException>(() => detector.RestoreCheckpoint(bad));
    }

    [Fact]
    public void A_damaged_checkpoint_is_refused_as_invalid_data()
    {
        var pipeline = new AnalysisPipeline(Detectors(FreezeMode.Robust));
        pipeline.Start(new MediaInfo("a", Format, null));
        FrameRunner.Feed(pipeline, Format, 0, 10, Stream(1));
        var bytes = pipeline.SaveCheckpoint().ToBytes();

        Assert.Throws<InvalidDataException>(() => PipelineCheckpoint.FromBytes(bytes[..(bytes.Length / 2)]));
        Assert.Throws<InvalidDataException>(() => PipelineCheckpoint.FromBytes([1, 2, 3, 4, 5, 6, 7, 8]));
        var roundTrip = PipelineCheckpoint.FromBytes(bytes);
        Assert.Equal(10, roundTrip.FramesSoFar);
        Assert.Equal(Format.Width * Format.Height, roundTrip.PreviousLuma!.Length);
    }

    [Fact]
    public void A_checkpointed_pipeline_gives_its_last_frame_back_when_disposed_and_analyses_nothing_after()
    {
        using var pool = new VideoFramePool(Format);
        var draw = Stream(3);
        var pipeline = new AnalysisPipeline(Detectors(FreezeMode.Robust));
        pipeline.Start(new MediaInfo("synthetic", Format, null));
        for (var i = 0; i < 5; i++)
        {
            var frame = pool.Rent();
            draw(i, frame);
            frame.Timestamp = i / Format.FrameRate;
            pipeline.ProcessVideo(frame);
        }

        var checkpoint = pipeline.SaveCheckpoint();
        var kept = pool.Created;
        pipeline.Dispose();

        // Every frame is back: renting as many as were made makes none.
        var again = Enumerable.Range(0, kept).Select(_ => pool.Rent()).ToList();
        Assert.Equal(kept, pool.Created);
        again.ForEach(f => f.Dispose());
        Assert.NotNull(checkpoint.PreviousLuma);
        Assert.Throws<ObjectDisposedException>(() => pipeline.ProcessVideo(pool.Rent()));
        Assert.Equal(kept, pool.Created); // the refused frame went back too
    }
}
