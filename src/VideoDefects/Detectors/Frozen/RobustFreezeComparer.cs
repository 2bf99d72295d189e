using VideoDefects.Analysis;
using VideoDefects.Frames;
using VideoDefects.Kernels;

namespace VideoDefects.Detectors.Frozen;

/// <summary>
/// Decides on the distribution of 8×8 block-mean changes against the reference. Averaging 64 pixels divides
/// spatially uncorrelated grain by about 8, so a frozen picture under noise keeps every block near the reference;
/// real motion is structured, survives the averaging and keeps growing against the reference. The median change
/// bounds the noise; the few blocks far above it are moving content (one car, a mouth), so a small moving object is
/// not averaged away as it would be in a whole-frame mean.
/// </summary>
internal sealed class RobustFreezeComparer(FrozenFrameDetectorOptions options) : IFreezeComparer
{
    /// <summary>Histogram resolution: 8 sum units = 1/8 of a level for a 64-pixel block.</summary>
    private const int BinShift = 3;
    private const int Bins = 512; // up to 64 levels; larger changes share the last bin
    private const double NoiseMultiple = 8;

    /// <summary>Share of blocks that may pass the threshold scattered (not clustered) before the frame counts as moving
    /// anyway: many small changes everywhere (rain, particles) are motion too.</summary>
    private const double MaxScatteredShare = 0.005;
    private readonly int[] _histogram = new int[Bins];
    private readonly LiveGraphicsMap _graphics = new();
    private ushort[] _reference = [];
    private byte[] _counts = []; // 0xFF for a block that counts, 0 for one in an ignored region
    private byte[] _discount = []; // 0xFF for the live graphics at the reference, left out when the rest is still
    private byte[] _programme = []; // _counts without _discount
    private int _discountable; // blocks in _discount; -1 while not worked out for this reference
    private bool _discounted; // the discount decided a frame since the reference
    private int _referenceClock;
    private byte[] _moving = [];
    private int _columns;
    private int _rows;
    private int _counted;
    private int _maxMoving;
    private int _maxScattered;

    public string MetricName => "medianBlockChange";

    public void Start(VideoFormat format)
    {
        ArgumentNullException.ThrowIfNull(format);
        var columns = _columns = format.Width / 8;
        var rows = _rows = format.Height / 8;
        _reference = new ushort[columns * rows];
        _moving = new byte[columns * rows];
        _counts = new byte[columns * rows];
        Array.Fill(_counts, (byte)0xFF);
        foreach (var region in options.IgnoreRegions)
        {
            for (var r = 0; r < rows; r++)
            {
                for (var c = 0; c < columns; c++)
                {
                    // A block touching the region is left out: partial overlap would still carry the overlay's motion.
                    if (c * 8 < region.X + region.Width && (c * 8) + 8 > region.X && r * 8 < region.Y + region.Height && (r * 8) + 8 > region.Y)
                    {
                        _counts[(r * columns) + c] = 0;
                    }
                }
            }
        }

        _discount = new byte[columns * rows];
        _programme = new byte[columns * rows];
        _discountable = -1;
        _discounted = false;
        if (options.DiscountLiveGraphics)
        {
            _graphics.Start(columns, rows, format.FrameRate, options.MaxTypicalBlockChange, _counts);
        }

        _counted = _counts.Count(c => c != 0);
        _maxMoving = Math.Max(1, (int)(options.MaxMovingBlockShare * _counted));
        _maxScattered = Math.Max(4, (int)(MaxScatteredShare * _counted));
    }

    public void Observe(VideoFrame frame, FrameFeatures features)
    {
        if (options.DiscountLiveGraphics)
        {
            _graphics.Observe(features.LumaBlockSums8);
        }
    }

    public void SetReference(VideoFrame frame, FrameFeatures features)
    {
        features.LumaBlockSums8.CopyTo(_reference);
        _referenceClock = options.DiscountLiveGraphics ? _graphics.Clock : 0;
        _discountable = -1;
        _discounted = false;
    }

    public (PixelRegion? Top, PixelRegion? Bottom) DiscountedRegions() => _discounted ? LiveGraphicsMap.Regions(_discount, _columns, _rows) : default;

    public FreezeVerdict Compare(VideoFrame frame, FrameFeatures features)
    {
        if (_counted == 0)
        {
            // Smaller than one block (or all ignored): nothing to compare, so never call it frozen.
            return new FreezeVerdict(false, 0, 1);
        }

        var current = features.LumaBlockSums8;
        var reference = _reference;
        var counts = _counts;
        var histogram = _histogram;
        Array.Clear(histogram);
        for (var i = 0; i < current.Length; i++)
        {
            if (counts[i] != 0)
            {
                var bin = Math.Abs(current[i] - reference[i]) >> BinShift;
                histogram[Math.Min(bin, Bins - 1)]++;
            }
        }

        // Median block change, in levels.
        var half = (_counted + 1) / 2;
        var seen = 0;
        var medianBin = 0;
        for (; medianBin < Bins; medianBin++)
        {
            seen += histogram[medianBin];
            if (seen >= half)
            {
                break;
            }
        }

        const double LevelsPerBin = (1 << BinShift) / 64.0;
        var median = (medianBin + 0.5) * LevelsPerBin;
        // A block is moving when it changed far beyond the noise: at least MovingBlockChange levels and NoiseMultiple
        // times the median change (re-encoded grain has a long tail, so the multiple is generous).
        var movingThreshold = Math.Max(options.MovingBlockChange, NoiseMultiple * median);
        var firstMovingBin = Math.Min(Bins - 1, (int)Math.Ceiling(movingThreshold / LevelsPerBin));
        var moving = 0;
        for (var b = firstMovingBin; b < Bins; b++)
        {
            moving += histogram[b];
        }

        if (median > options.MaxTypicalBlockChange)
        {
            return new FreezeVerdict(false, median, 1); // the whole picture moves: nothing else to look at
        }

        var thresholdSum = (int)Math.Ceiling(movingThreshold * 64);
        // Still so far: the picture is frozen unless its moving blocks are too many or clustered.
        var clustered = 0;
        var mapped = false;
        if (moving > 0 && moving <= _maxScattered)
        {
            clustered = CountClustered(current, reference, thresholdSum);
            mapped = true;
        }

        var discounted = false;
        var frozen = moving <= _maxScattered && clustered <= _maxMoving;
        if (!frozen && options.DiscountLiveGraphics && _discountable < 0)
        {
            if (!mapped)
            {
                FrameMath.MarkChanged(current, reference, _counts, thresholdSum, _moving);
            }

            if (!MovesAwayFromTheEdges())
            {
                // Worked out only when a still programme needs it (most references never do).
                _discountable = _graphics.Discount(_referenceClock, _discount);
                SetProgramme();
            }
        }

        if (!frozen && _discountable > 0)
        {
            // The programme may be still and only live graphics moving: judge the picture without them.
            var programmeMoving = FrameMath.MarkChanged(current, reference, _programme, thresholdSum, _moving);
            var programmeClustered = FrameMath.CountClustered(_moving, _columns, _rows);
            discounted = frozen = programmeClustered <= _maxMoving && programmeMoving <= _maxScattered;
            clustered = programmeClustered;
            _discounted |= discounted;
        }

        var closeness = Math.Max(median / options.MaxTypicalBlockChange, (double)clustered / (_maxMoving + 1));
        return new FreezeVerdict(frozen, median, Math.Min(1, closeness), discounted);
    }

    /// <summary>Whether the moving blocks between the edge bands (where no graphics are learned) already break the
    /// freeze: then nothing needs working out. A presenter or a car in mid-picture settles it on a slice of the map
    /// (counting clusters within the slice alone can only undercount, so this never skips a freeze).</summary>
    private bool MovesAwayFromTheEdges()
    {
        var (first, count) = _graphics.MiddleRows;
        var middle = _moving.AsSpan(first * _columns, count * _columns);
        return middle.Count((byte)0xFF) > _maxScattered || FrameMath.CountClustered(middle, _columns, count) > _maxMoving;
    }

    /// <summary>The blocks a freeze is judged on when the graphics are left out.</summary>
    private void SetProgramme()
    {
        for (var i = 0; i < _programme.Length; i++)
        {
            _programme[i] = (byte)(_counts[i] & ~_discount[i]);
        }
    }

    /// <summary>Counts moving blocks with a moving 8-neighbour. Motion is spatially coherent (an object spans
    /// adjacent blocks); the rare noise or compression outliers that pass the threshold are isolated.</summary>
    private int CountClustered(ReadOnlySpan<ushort> current, ReadOnlySpan<ushort> reference, int thresholdSum)
    {
        FrameMath.MarkChanged(current, reference, _counts, thresholdSum, _moving);
        return FrameMath.CountClustered(_moving, _columns, _rows);
    }

    public void Save(BinaryWriter writer)
    {
        writer.WriteArray(_reference);
        writer.Write(options.DiscountLiveGraphics);
        if (options.DiscountLiveGraphics)
        {
            writer.Write(_referenceClock);
            writer.Write(_discountable);
            writer.Write(_discounted);
            writer.WriteArray(_discount);
            _graphics.Save(writer);
        }
    }

    public void Restore(BinaryReader reader)
    {
        var saved = reader.ReadArray<ushort>();
        if (saved is null || saved.Length != _reference.Length)
        {
            throw new InvalidDataException("Checkpoint does not match the frame size.");
        }

        _reference = saved;
        if (reader.ReadBoolean() != options.DiscountLiveGraphics)
        {
            throw new InvalidDataException("Checkpoint was written with another DiscountLiveGraphics setting.");
        }

        if (options.DiscountLiveGraphics)
        {
            var clock = reader.ReadInt32();
            var discountable = reader.ReadInt32();
            var discounted = reader.ReadBoolean();
            var discount = reader.ReadArray<byte>();
            if (discount?.Length != _discount.Length)
            {
                throw new InvalidDataException("Checkpoint does not match the frame size.");
            }

            _graphics.Restore(reader);
            (_referenceClock, _discountable, _discounted, _discount) = (clock, discountable, discounted, discount);
            SetProgramme();
        }
    }
}
