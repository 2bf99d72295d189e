using VideoDefects.Frames;
using VideoDefects.Kernels;

namespace VideoDefects.Analysis;

/// <summary>
/// Per-frame figures that several analyzers want, computed at most once per frame and only when first asked for
/// (decode once, compute once). The pipeline owns one instance per stream and moves it to each new frame.
/// </summary>
/// <remarks>The figures that read the whole frame — the difference's block edges, the change per pixel and the block
/// sums — are made in one pass, band by band, when the analyzers asked for them together on the previous frame: a
/// 1080p frame is 2 MB and arrives cold, and three passes over it cost more than the arithmetic (measured: 0.70 ms
/// against 0.55 ms per 1080p frame with the caches flushed in between). The difference itself only lives one band at a
/// time, in cache: the whole picture is written out only for a caller of <see cref="LumaHalfDifference"/>. Results never
/// depend on any of this, only the cost.</remarks>
public sealed class FrameFeatures
{
    private VideoFrame? _frame;
    private VideoFrame? _previous;
    private byte[]? _previousLuma;
    private ushort[] _blockSums = [];
    private bool _blockSumsValid;
    private byte[] _halfDifference = [];
    private bool _halfDifferenceValid;
    private byte[] _bands = [];
    private int[] _differenceBorder = [];
    private int[] _differenceInterior = [];
    private bool _differenceValid;
    private double? _mafdToPrevious;
    private bool _differenceAsked;
    private bool _blockSumsAsked;
    private bool _differenceWasAsked;
    private bool _blockSumsWereAsked;
    private int[] _seams = [];
    private bool _seamsValid;
    private bool _seamsAsked;
    private bool _seamsWereAsked;

    /// <summary>Made by the pipeline (one per stream), which moves it from frame to frame; analyzers only read it.</summary>
    internal FrameFeatures()
    {
    }

    /// <summary>The frame these features describe.</summary>
    public VideoFrame Frame => _frame ?? throw new InvalidOperationException("No frame yet.");

    /// <summary>Whether a previous frame exists (false for a stream's first frame).</summary>
    public bool HasPrevious => _previous is not null || _previousLuma is not null;

    /// <summary>Mean absolute luma difference to the previous frame, in 8-bit levels (0 to 255); 0 for the first
    /// frame. The visual-activity signal of the stream: a cut is a spike, a freeze is near zero.</summary>
    public double LumaMafdToPrevious
    {
        get
        {
            if (_mafdToPrevious is { } cached)
            {
                return cached;
            }

            if (DifferencePassExpected)
            {
                ComputeDifference(); // yields this figure too
                return _mafdToPrevious!.Value;
            }

            var value = HasPrevious ? PerPixel(FrameMath.Sad(Frame.Luma, PreviousLuma)) : 0;
            _mafdToPrevious = value;
            return value;
        }
    }

    /// <summary>What changed since the previous frame, as a picture: <c>((luma − previous luma) &gt;&gt; 1) + 128</c>
    /// per pixel (<see cref="FrameMath.HalfDifference"/>); throws when there is no previous frame
    /// (<see cref="HasPrevious"/>).</summary>
    /// <remarks>A pass of its own (the detectors use <see cref="LumaDifferenceEdges"/>, made band by band without the
    /// whole picture); it yields <see cref="LumaMafdToPrevious"/> too.</remarks>
    public Plane LumaHalfDifference
    {
        get
        {
            var luma = Frame.Luma;
            var previous = PreviousLuma;
            if (!_halfDifferenceValid)
            {
                if (_halfDifference.Length != luma.Width * luma.Height)
                {
                    _halfDifference = new byte[luma.Width * luma.Height];
                }

                var sad = FrameMath.HalfDifference(luma, previous, _halfDifference);
                _mafdToPrevious ??= PerPixel(sad);
                _halfDifferenceValid = true;
            }

            return new Plane(_halfDifference, luma.Width, luma.Height, luma.Width);
        }
    }

    /// <summary>The 16×16 block edges of <see cref="LumaHalfDifference"/>
    /// (<see cref="FrameMath.BlockEdgeSteps(Plane, Span{int}, Span{int})"/>): where what changed has the macroblock
    /// grid's shape. Throws when there is no previous frame (<see cref="HasPrevious"/>).</summary>
    public BlockEdgeProfile LumaDifferenceEdges
    {
        get
        {
            EnsureDifference();
            var (columns, rows) = FrameMath.BlockGrid16(Frame.Width, Frame.Height);
            return new BlockEdgeProfile(_differenceBorder, _differenceInterior, columns, rows);
        }
    }

    /// <summary>The previous frame's luma plane; throws when there is none (<see cref="HasPrevious"/>).</summary>
    public Plane PreviousLuma
    {
        get
        {
            if (_previous is not null)
            {
                return _previous.Luma;
            }

            var luma = Frame.Luma;
            return _previousLuma is not null
                ? new Plane(_previousLuma, luma.Width, luma.Height, luma.Width)
                : throw new InvalidOperationException("The first frame has no previous frame.");
        }
    }

    /// <summary>Mean luma (0 to 255) over the 8×8 block grid (the picture less its partial right and bottom
    /// blocks), from the shared block sums.</summary>
    public double LumaMean
    {
        get
        {
            var sums = LumaBlockSums8;
            if (sums.Length == 0)
            {
                return 0;
            }

            long total = 0;
            foreach (var s in sums)
            {
                total += s;
            }

            return total / (64.0 * sums.Length);
        }
    }

    /// <summary>Columns of the 8×8 luma block grid.</summary>
    public int BlockColumns => Frame.Width / 8;

    /// <summary>Rows of the 8×8 luma block grid.</summary>
    public int BlockRows => Frame.Height / 8;

    /// <summary>Sums of each 8×8 luma block (<see cref="FrameMath.BlockSums8x8"/>), row-major over
    /// <see cref="BlockColumns"/> × <see cref="BlockRows"/>.</summary>
    public ReadOnlySpan<ushort> LumaBlockSums8
    {
        get
        {
            _blockSumsAsked = true;
            if (!_blockSumsValid)
            {
                if (DifferencePassExpected)
                {
                    ComputeDifference(); // sums the blocks in the same pass
                }
                else
                {
                    FrameMath.BlockSums8x8(Frame.Luma, BlockSumBuffer());
                    _blockSumsValid = true;
                }
            }

            return _blockSums;
        }
    }

    /// <summary>Per 16×16 luma block, the seam score of its top or left border
    /// (<see cref="FrameMath.MacroblockSeams(Plane, Span{int})"/>), row-major over
    /// <see cref="FrameMath.BlockGrid16"/>. Measured band by band in the difference pass (while the rows are in cache)
    /// when it was asked for on the previous frame too.</summary>
    public ReadOnlySpan<int> LumaMacroblockSeams
    {
        get
        {
            _seamsAsked = true;
            if (!_seamsValid)
            {
                if (DifferencePassExpected && _seamsWereAsked && !_differenceValid)
                {
                    ComputeDifference(); // measures the seams in the same pass
                }

                if (!_seamsValid)
                {
                    FrameMath.MacroblockSeams(Frame.Luma, SeamBuffer());
                    _seamsValid = true;
                }
            }

            return _seams;
        }
    }

    /// <summary>Whether the difference pass will run on this frame (it did on the previous one): figures it also yields
    /// are then left to it.</summary>
    private bool DifferencePassExpected => HasPrevious && _differenceWasAsked;

    /// <summary>Records that the difference was asked for and makes it once per frame.</summary>
    private void EnsureDifference()
    {
        _differenceAsked = true;
        if (!_differenceValid)
        {
            ComputeDifference();
        }
    }

    /// <summary>The difference's block edges, the change per pixel and (when wanted) the block sums, one macroblock row
    /// at a time: each band of the difference is made into one of two band buffers and measured there, in cache; the
    /// other buffer still holds the band above, whose last row the top borders step from.</summary>
    private void ComputeDifference()
    {
        var luma = Frame.Luma;
        var previous = PreviousLuma;
        var (width, height) = (luma.Width, luma.Height);
        var bandBytes = FrameMath.MacroblockSize * width;
        if (_bands.Length != 2 * bandBytes)
        {
            _bands = new byte[2 * bandBytes];
        }

        var (columns, rows) = FrameMath.BlockGrid16(width, height);
        if (_differenceBorder.Length != columns * rows)
        {
            _differenceBorder = new int[columns * rows];
            _differenceInterior = new int[columns * rows];
        }

        var sumBlocks = !_blockSumsValid && (_blockSumsAsked || _blockSumsWereAsked);
        var measureSeams = !_seamsValid && (_seamsAsked || _seamsWereAsked);
        var seams = measureSeams ? SeamBuffer() : default;
        var sums = sumBlocks ? BlockSumBuffer() : default;
        var sumsPerBand = FrameMath.MacroblockSize / 8 * FrameMath.BlockGrid8(width, height).Columns;
        ulong sad = 0;
        for (var r = 0; r * FrameMath.MacroblockSize < height; r++)
        {
            // The last band holds the rows below the last whole macroblock row, if any.
            var y = r * FrameMath.MacroblockSize;
            var count = r < rows ? FrameMath.MacroblockSize : height - y;
            var band = _bands.AsSpan((r & 1) * bandBytes, bandBytes);
            sad += FrameMath.HalfDifference(luma.Rows(y, count), previous.Rows(y, count), band[..(count * width)]);
            if (r < rows)
            {
                var border = _differenceBorder.AsSpan(r * columns, columns);
                FrameMath.BlockEdgeSteps(new Plane(band, width, FrameMath.MacroblockSize, width), border, _differenceInterior.AsSpan(r * columns, columns));
                if (r > 0)
                {
                    var above = _bands.AsSpan((((r - 1) & 1) * bandBytes) + bandBytes - width, width);
                    FrameMath.AddBlockRowSteps(band[..width], above, border);
                }

                if (measureSeams)
                {
                    FrameMath.MacroblockSeams(luma, seams, r, 1);
                }
            }

            if (sumBlocks)
            {
                FrameMath.BlockSums8x8(luma.Rows(y, count), sums[(r * sumsPerBand)..]);
            }
        }

        _blockSumsValid |= sumBlocks;
        _seamsValid |= measureSeams;
        _mafdToPrevious ??= PerPixel(sad);
        _differenceValid = true;
    }

    private Span<int> SeamBuffer()
    {
        var (columns, rows) = FrameMath.BlockGrid16(Frame.Width, Frame.Height);
        if (_seams.Length != columns * rows)
        {
            _seams = new int[columns * rows];
        }

        return _seams;
    }

    private Span<ushort> BlockSumBuffer()
    {
        var count = BlockColumns * BlockRows;
        if (_blockSums.Length != count)
        {
            _blockSums = new ushort[count];
        }

        return _blockSums;
    }

    /// <summary>A sum over the luma plane as a mean per pixel.</summary>
    private double PerPixel(ulong sum) => (double)sum / ((long)Frame.Width * Frame.Height);

    /// <summary>Moves to <paramref name="frame"/>; <paramref name="previous"/> is the frame before it, if any.</summary>
    internal void MoveTo(VideoFrame frame, VideoFrame? previous)
    {
        _frame = frame;
        _previous = previous;
        if (previous is not null)
        {
            _previousLuma = null;
        }

        _blockSumsValid = false;
        _seamsValid = false;
        _differenceValid = false;
        _halfDifferenceValid = false;
        _mafdToPrevious = null;
        // What the analyzers asked for on this frame predicts the next (see the remarks).
        _differenceWasAsked = _differenceAsked;
        _blockSumsWereAsked = _blockSumsAsked;
        _seamsWereAsked = _seamsAsked;
        _differenceAsked = false;
        _blockSumsAsked = false;
        _seamsAsked = false;
    }

    /// <summary>Uses a copy of the previous frame's luma (restored from a checkpoint) for the next frame.</summary>
    internal void SetPreviousLuma(byte[]? luma)
    {
        _previous = null;
        _previousLuma = luma;
    }
}
