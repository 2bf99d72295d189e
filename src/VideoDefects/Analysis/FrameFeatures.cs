using VideoDefects.Frames;
using VideoDefects.Kernels;

namespace VideoDefects.Analysis;

/// <summary>
/// Per-frame figures that several analyzers want, computed at most once per frame and only when first asked for
/// (decode once, compute once). The pipeline owns one instance per stream and moves it to each new frame.
/// </summary>
public sealed class FrameFeatures
{
    private VideoFrame? _frame;
    private VideoFrame? _previous;
    private byte[]? _previousLuma;
    private ushort[] _blockSums = [];
    private bool _blockSumsValid;
    private byte[] _halfDifference = [];
    private bool _halfDifferenceValid;
    private double? _mafdToPrevious;

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

            var value = HasPrevious ? PerPixel(FrameMath.Sad(Frame.Luma, PreviousLuma)) : 0;
            _mafdToPrevious = value;
            return value;
        }
    }

    /// <summary>What changed since the previous frame, as a picture: <c>((luma − previous luma) &gt;&gt; 1) + 128</c>
    /// per pixel (<see cref="FrameMath.HalfDifference"/>); throws when there is no previous frame
    /// (<see cref="HasPrevious"/>).</summary>
    /// <remarks>The same pass yields <see cref="LumaMafdToPrevious"/>, so an analyzer that wants both should ask for
    /// this first.</remarks>
    public Plane LumaHalfDifference
    {
        get
        {
            var luma = Frame.Luma;
            if (!_halfDifferenceValid)
            {
                var previous = PreviousLuma;
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
            if (!_blockSumsValid)
            {
                var count = BlockColumns * BlockRows;
                if (_blockSums.Length != count)
                {
                    _blockSums = new ushort[count];
                }

                FrameMath.BlockSums8x8(Frame.Luma, _blockSums);
                _blockSumsValid = true;
            }

            return _blockSums;
        }
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
        _halfDifferenceValid = false;
        _mafdToPrevious = null;
    }

    /// <summary>Uses a copy of the previous frame's luma (restored from a checkpoint) for the next frame.</summary>
    internal void SetPreviousLuma(byte[]? luma)
    {
        _previous = null;
        _previousLuma = luma;
    }
}
