using VideoDefects.Analysis;
using VideoDefects.Kernels;

namespace VideoDefects.Detectors.Frozen;

/// <summary>
/// Learns where live graphics (a ticker, a clock, a "LIVE" bug keyed on after the programme) are, with no set-up, so
/// that a freeze of the programme under them can still be called. Graphics are told from programme content by where
/// and how long they change: they sit at the picture's top or bottom edge (tickers, lower thirds, corner boxes), in a
/// group of blocks that has kept changing, without a pause longer than a clock's tick, since the stream started or for
/// at least 10 s; an object moving along the edge has been changing only since it came. The discounted region is the
/// bounding box of each such group (a graphic's moving parts wander within its box), and the whole width for a group
/// across half of it (a band). What is left must then be frozen by the usual test, so a programme that moves anywhere
/// else, or an object that moves out of the learned boxes, still breaks the freeze.
/// </summary>
/// <remarks>Works on the 8×8 block sums the frame features already hold: every fifth of a second one SIMD pass marks
/// the blocks that changed since the last step, and only the edge rows' cells are updated. The state is per block
/// (when it last changed, since when it has changed without a pause) and is carried in checkpoints, so a monitor that
/// reconnects keeps what it learned. Regions are worked out only when a still programme needs them.</remarks>
internal sealed class LiveGraphicsMap
{
    /// <summary>Share of the picture height, from the top and from the bottom, where graphics are looked for.</summary>
    internal const double EdgeBand = 0.2;

    /// <summary>A block still counts as live this long after its last change: a clock showing seconds changes once a
    /// second.</summary>
    private const double MaxPauseSeconds = 1.5;

    /// <summary>How long a block must have been live before a freeze for its change to be discounted: as long as a
    /// freeze must last to be reported, so a file whose graphics are on from its start is covered from its first
    /// second, while something that only starts to move as the programme stops is not.</summary>
    private const double PersistSeconds = 0.5;

    /// <summary>How long a graphic's oldest part must have been live (or since the stream started, if sooner):
    /// graphics are on for minutes, an object moving at the edge only while it passes.</summary>
    private const double LongPersistSeconds = 10.0;

    /// <summary>The time between the two frames a block's change is measured on.</summary>
    private const double StepSeconds = 0.2;

    private ushort[] _previous = [];
    private byte[] _all = [];
    private byte[] _changed = [];
    private int[] _lastChange = [];
    private int[] _liveSince = [];
    private const byte Grown = 1; // flags of a _grown cell: next to a seed,
    private const byte Seed = 2; // live long enough itself,
    private const byte Visited = 0x80; // already in a group
    private byte[] _grown = [];
    private int[] _stack = [];
    private int _columns;
    private int _topRows;
    private int _bottomStart;
    private int _maxPause;
    private int _persist;
    private int _step;
    private int _longPersist;
    private int _observed; // frames observed, the clock of the two arrays above
    private int _threshold;

    /// <summary>Sizes the map for a grid of <paramref name="columns"/> × <paramref name="rows"/> 8×8 blocks.</summary>
    /// <param name="columns">Block columns.</param>
    /// <param name="rows">Block rows.</param>
    /// <param name="frameRate">Frames per second (for the pause and persistence times).</param>
    /// <param name="changeLevels">A block changed when its mean moved by at least this many levels.</param>
    /// <param name="counted">0 for blocks the user excluded (they are never learned or discounted).</param>
    public void Start(int columns, int rows, double frameRate, double changeLevels, ReadOnlySpan<byte> counted)
    {
        _columns = columns;
        _topRows = Math.Min(rows, (int)Math.Ceiling(rows * EdgeBand));
        _bottomStart = Math.Max(_topRows, rows - _topRows);
        _maxPause = Math.Max(1, (int)Math.Round(MaxPauseSeconds * frameRate));
        _persist = Math.Max(1, (int)Math.Round(PersistSeconds * frameRate));
        _step = Math.Max(1, (int)Math.Round(StepSeconds * frameRate));
        _longPersist = Math.Max(_persist, (int)Math.Round(LongPersistSeconds * frameRate));
        _threshold = (int)Math.Ceiling(changeLevels * 64);
        _previous = new ushort[columns * rows];
        _changed = new byte[columns * rows];
        _all = counted.ToArray();
        _lastChange = new int[columns * rows];
        _liveSince = new int[columns * rows];
        _grown = new byte[columns * rows];
        _stack = new int[columns * rows];
        _observed = 0;
        Array.Fill(_lastChange, -_maxPause - 1); // never changed: so long ago that no block starts live
    }

    /// <summary>Observes one frame's 8×8 block sums.</summary>
    /// <remarks>Compares with the frame one step back, not the previous frame: an animated strip or a slow crawl
    /// changes a block by less per frame than compression noise does, but steadily, and a step of a fifth of a second
    /// lets that add up (and costs a fifth as much).</remarks>
    public void Observe(ReadOnlySpan<ushort> blockSums)
    {
        if (_observed % _step == 0)
        {
            if (_observed > 0)
            {
                FrameMath.MarkChanged(blockSums, _previous, _all, _threshold, _changed);
                UpdateRows(0, _topRows);
                UpdateRows(_bottomStart, Rows);
            }

            blockSums.CopyTo(_previous);
        }

        _observed = _observed == int.MaxValue ? _observed : _observed + 1;
    }

    /// <summary>The clock of the last frame observed.</summary>
    public int Clock => _observed - 1;

    /// <summary>The block rows no discount can reach: between the edge bands and the block they may be grown by.</summary>
    public (int First, int Count) MiddleRows
    {
        get
        {
            // A picture a few blocks high has none (and the first row past the top band may be past its end).
            var first = Math.Min(_topRows + 1, Rows);
            return (first, Math.Max(0, _bottomStart - 1 - first));
        }
    }

    private int Rows => _all.Length / Math.Max(1, _columns);

    /// <summary>
    /// Writes into <paramref name="mask"/> (0xFF / 0) where live graphics were when a freeze's reference was taken, at
    /// <paramref name="clock"/>, and returns how many blocks it marked. Blocks that had been live for at least the
    /// persistence time then are grown by one block and grouped; each group that reaches the picture's top or bottom
    /// edge and has a part live since the stream started (or for the long persistence time) counts with its whole
    /// bounding box, because a graphic's moving parts wander within its box (a ticker's letters, a clock's digits,
    /// an animated strip) into blocks that were still a moment before; a group across half the width or more is a
    /// band and counts across the whole width.
    /// </summary>
    /// <remarks>Exact for any <paramref name="clock"/> up to a block's first pause after it: a block live then has a
    /// live stretch that began at least the persistence time before and has not been broken since. Programme content
    /// that was moving at the edges up to the freeze is live then too and joins the groups; that is harmless while
    /// it is frozen, but an object that keeps moving inside such a group's box is taken for graphics for that
    /// freeze.</remarks>
    public int Discount(int clock, Span<byte> mask)
    {
        mask.Clear();
        var rows = Rows;
        Array.Clear(_grown);
        var seeds = MarkSeeds(0, _topRows, clock) + MarkSeeds(_bottomStart, rows, clock);
        if (seeds == 0)
        {
            return 0;
        }

        GrowSeeds(0, _topRows, rows);
        GrowSeeds(_bottomStart, rows, rows);

        // Graphics are on for as long as the stream has been watched (a block live from the start shows its first
        // change within one pause), up to the long persistence time; a moving object at the edge only since it came.
        var oldEnough = Math.Max(clock - _longPersist, _maxPause);
        return MarkEdgeGroups(mask, rows, oldEnough);
    }

    /// <summary>The pixel rectangles that bound a block <paramref name="mask"/>'s cells in the picture's top half and
    /// in its bottom half (null for a half without cells): where a freeze's discounted graphics were.</summary>
    public static (PixelRegion? Top, PixelRegion? Bottom) Regions(ReadOnlySpan<byte> mask, int columns, int rows) =>
        (Bounds(mask, columns, 0, rows / 2), Bounds(mask, columns, rows / 2, rows));

    private static PixelRegion? Bounds(ReadOnlySpan<byte> mask, int columns, int fromRow, int toRow)
    {
        var (left, top, right, bottom) = (int.MaxValue, int.MaxValue, -1, -1);
        for (var r = fromRow; r < toRow; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                if (mask[(r * columns) + c] != 0)
                {
                    (left, top, right, bottom) = (Math.Min(left, c), Math.Min(top, r), Math.Max(right, c), Math.Max(bottom, r));
                }
            }
        }

        return right < 0 ? null : new PixelRegion(left * 8, top * 8, (right - left + 1) * 8, (bottom - top + 1) * 8);
    }

    /// <summary>Saves the learned state.</summary>
    public void Save(BinaryWriter writer)
    {
        writer.Write(_observed);
        writer.WriteArray(_previous);
        writer.WriteArray(_lastChange);
        writer.WriteArray(_liveSince);
    }

    /// <summary>Restores what <see cref="Save"/> wrote, for the same grid.</summary>
    public void Restore(BinaryReader reader)
    {
        var observed = reader.ReadInt32();
        var previous = reader.ReadArray<ushort>();
        var last = reader.ReadArray<int>();
        var since = reader.ReadArray<int>();
        if (previous?.Length != _previous.Length || last?.Length != _lastChange.Length || since?.Length != _liveSince.Length)
        {
            throw new InvalidDataException("Checkpoint does not match the frame size.");
        }

        (_observed, _previous, _lastChange, _liveSince) = (observed, previous, last, since);
    }

    private void UpdateRows(int fromRow, int toRow)
    {
        var now = _observed; // index of the frame being observed
        for (var i = fromRow * _columns; i < toRow * _columns; i++)
        {
            if (_changed[i] == 0)
            {
                continue;
            }

            if (now - _lastChange[i] > _maxPause)
            {
                _liveSince[i] = now; // a new live stretch after a pause
            }

            _lastChange[i] = now;
        }
    }

    /// <summary>Flags the blocks of rows [<paramref name="fromRow"/>, <paramref name="toRow"/>) that were live at
    /// <paramref name="clock"/>, in a stretch begun at least the persistence time before; returns how many.</summary>
    private int MarkSeeds(int fromRow, int toRow, int clock)
    {
        var seeds = 0;
        for (var i = fromRow * _columns; i < toRow * _columns; i++)
        {
            if (_all[i] != 0 && _liveSince[i] <= clock - _persist && _lastChange[i] >= clock - _maxPause)
            {
                _grown[i] = Seed;
                seeds++;
            }
        }

        return seeds;
    }

    /// <summary>Flags the 8 neighbours of every seed in rows [<paramref name="fromRow"/>, <paramref name="toRow"/>).</summary>
    private void GrowSeeds(int fromRow, int toRow, int rows)
    {
        for (var row = fromRow; row < toRow; row++)
        {
            for (var column = 0; column < _columns; column++)
            {
                if ((_grown[(row * _columns) + column] & Seed) == 0)
                {
                    continue;
                }

                for (var r = Math.Max(0, row - 1); r <= Math.Min(rows - 1, row + 1); r++)
                {
                    for (var c = Math.Max(0, column - 1); c <= Math.Min(_columns - 1, column + 1); c++)
                    {
                        _grown[(r * _columns) + c] |= Grown;
                    }
                }
            }
        }
    }

    /// <summary>Finds the 8-connected groups of flagged cells; fills into <paramref name="mask"/> the
    /// bounding box of each group that touches the top or bottom row and has a seed live since
    /// <paramref name="oldEnough"/> or earlier. Returns the blocks marked.</summary>
    private int MarkEdgeGroups(Span<byte> mask, int rows, int oldEnough)
    {
        var (grown, stack) = (_grown, _stack);
        var marked = 0;
        for (var start = 0; start < grown.Length; start++)
        {
            if (grown[start] == 0 || (grown[start] & Visited) != 0)
            {
                continue;
            }

            var (top, bottom, left, right) = (rows, -1, _columns, -1);
            var oldest = int.MaxValue;
            var depth = 0;
            stack[depth++] = start;
            grown[start] |= Visited;
            while (depth > 0)
            {
                var i = stack[--depth];
                var (r, c) = (i / _columns, i % _columns);
                (top, bottom, left, right) = (Math.Min(top, r), Math.Max(bottom, r), Math.Min(left, c), Math.Max(right, c));
                oldest = (grown[i] & Seed) != 0 ? Math.Min(oldest, _liveSince[i]) : oldest;
                for (var rr = Math.Max(0, r - 1); rr <= Math.Min(rows - 1, r + 1); rr++)
                {
                    for (var cc = Math.Max(0, c - 1); cc <= Math.Min(_columns - 1, c + 1); cc++)
                    {
                        var j = (rr * _columns) + cc;
                        if (grown[j] != 0 && (grown[j] & Visited) == 0)
                        {
                            grown[j] |= Visited;
                            stack[depth++] = j;
                        }
                    }
                }
            }

            // At the edge: within a block of it after growing (a graphic's outermost row may be a plain border).
            if ((top <= 1 || bottom >= rows - 2) && oldest <= oldEnough)
            {
                if (2 * (right - left + 1) >= _columns)
                {
                    // A band (a ticker, a lower third): its moving parts can be anywhere along it.
                    (left, right) = (0, _columns - 1);
                }

                for (var r = top; r <= bottom; r++)
                {
                    for (var c = left; c <= right; c++)
                    {
                        var i = (r * _columns) + c;
                        if (mask[i] == 0 && _all[i] != 0)
                        {
                            mask[i] = 0xFF;
                            marked++;
                        }
                    }
                }
            }
        }

        return marked;
    }
}
