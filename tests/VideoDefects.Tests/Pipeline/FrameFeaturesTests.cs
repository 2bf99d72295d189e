using FsCheck;
using FsCheck.Xunit;
using VideoDefects.Analysis;
using VideoDefects.Frames;
using VideoDefects.Kernels;

namespace VideoDefects.Tests.Pipeline;

/// <summary>The shared per-frame figures equal the kernels' scalar references whatever the analyzers ask for, in
/// whatever order, and whatever they asked for on earlier frames (which only decides what is computed together).</summary>
public class FrameFeaturesTests
{
    /// <summary>One figure an analyzer can ask for.</summary>
    public enum Ask
    {
        Sums,
        Edges,
        Difference,
        Change,
        Mean,
    }

    /// <summary>FsCheck draws the pictures' bytes (tiled over each frame, the k-th frame shifted by k) and, per frame,
    /// which figures are asked for in which order; a failure shrinks to a small picture, few bytes and few asks.</summary>
    [Property(MaxTest = 120)]
    public bool Every_figure_equals_its_reference_in_any_order_of_asking(PositiveInt width, PositiveInt height, NonEmptyArray<byte> content, Ask[][] asksPerFrame)
    {
        var w = (width.Get % 150) + 1;
        var h = (height.Get % 60) + 1;
        var bytes = content.Get;
        var format = new VideoFormat(w, h, PixelFormat.Gray8, 25);
        var features = new FrameFeatures();
        VideoFrame? previous = null;
        var ok = true;
        for (var k = 0; k < Math.Min(asksPerFrame.Length, 5); k++)
        {
            var frame = VideoFrame.Create(format);
            var buffer = frame.GetWritableBuffer();
            for (var i = 0; i < buffer.Length; i++)
            {
                buffer[i] = bytes[(i + k) % bytes.Length];
            }

            features.MoveTo(frame, previous);
            // What analyzers ask for, and in which order, changes which figures are computed together.
            foreach (var ask in asksPerFrame[k] ?? [])
            {
                ok &= Check(ask, features, frame, previous);
            }

            previous?.Dispose();
            previous = frame;
        }

        previous?.Dispose();
        return ok;
    }

    [Fact]
    public void A_frame_asked_for_everything_after_a_frame_that_was_gives_the_references()
    {
        var format = new VideoFormat(70, 45, PixelFormat.Gray8, 25);
        var features = new FrameFeatures();
        var random = new Random(3);
        using var first = VideoFrame.Create(format);
        using var second = VideoFrame.Create(format);
        using var third = VideoFrame.Create(format);
        random.NextBytes(first.GetWritableBuffer());
        random.NextBytes(second.GetWritableBuffer());
        random.NextBytes(third.GetWritableBuffer());
        features.MoveTo(first, null);
        Assert.False(features.HasPrevious);
        Assert.Equal(0, features.LumaMafdToPrevious);
        Assert.Throws<InvalidOperationException>(() => features.LumaDifferenceEdges.Columns);
        features.MoveTo(second, first);
        Assert.True(Check(Ask.Edges, features, second, first) && Check(Ask.Sums, features, second, first));
        features.MoveTo(third, second);
        // Sums first: this time they come out of the one pass that makes the difference.
        Assert.True(Check(Ask.Sums, features, third, second) && Check(Ask.Change, features, third, second)
            && Check(Ask.Edges, features, third, second) && Check(Ask.Difference, features, third, second));
    }

    private static bool Check(Ask ask, FrameFeatures features, VideoFrame frame, VideoFrame? previous)
    {
        var luma = frame.Luma;
        var (columns8, rows8) = FrameMath.BlockGrid8(luma.Width, luma.Height);
        var sums = new ushort[columns8 * rows8];
        FrameMath.BlockSums8x8Scalar(luma, sums);
        switch (ask)
        {
            case Ask.Sums:
                return features.LumaBlockSums8.SequenceEqual(sums);
            case Ask.Mean:
                return sums.Length == 0 ? features.LumaMean == 0 : features.LumaMean == sums.Sum(s => (long)s) / (64.0 * sums.Length);
            case Ask.Change:
                var sad = previous is null ? 0 : FrameMath.SadScalar(luma.Data, previous.Luma.Data);
                return features.LumaMafdToPrevious == (double)sad / (luma.Width * luma.Height);
        }

        if (previous is null)
        {
            return true;
        }

        var difference = new byte[luma.Width * luma.Height];
        FrameMath.HalfDifferenceScalar(luma, previous.Luma, difference);
        if (ask == Ask.Difference)
        {
            return features.LumaHalfDifference.Data.SequenceEqual(difference);
        }

        var (columns, rows) = FrameMath.BlockGrid16(luma.Width, luma.Height);
        int[] border = new int[columns * rows], interior = new int[columns * rows];
        FrameMath.BlockEdgeStepsScalar(new Plane(difference, luma.Width, luma.Height, luma.Width), border, interior);
        var edges = features.LumaDifferenceEdges;
        return edges.Columns == columns && edges.Rows == rows && edges.BorderSteps.SequenceEqual(border) && edges.InteriorSteps.SequenceEqual(interior);
    }
}
