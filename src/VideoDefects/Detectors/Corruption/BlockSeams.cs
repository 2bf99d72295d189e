using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using VideoDefects.Analysis;
using VideoDefects.Frames;
using VideoDefects.Kernels;

namespace VideoDefects.Detectors.Corruption;

/// <summary>
/// Seams along the 16×16 macroblock grid in the picture itself
/// (<see cref="FrameMath.MacroblockSeams(Plane, Span{int})"/>, via <see cref="FrameFeatures.LumaMacroblockSeams"/>):
/// how many blocks have one, how many of them are new (absent from the previous three frames), and what is usual for
/// the stream. Concealed or misplaced macroblocks leave such seams from the damaged frame until the damage is repaired —
/// also after the stream was decoded and encoded again, when no decoder can say anything — while an encoder's own
/// blockiness is there all the time (the norm) and a picture's edges fall anywhere.
/// </summary>
internal sealed class BlockSeams
{
    /// <summary>A seam: the step across the border 8 levels above the steps beside it (64 × 8).</summary>
    private const int Threshold = 512;

    /// <summary>History bits per block: the previous three frames (a seam is new when none of them had one)…</summary>
    private const byte Remembered = 0b111;

    /// <summary>…and, after a frame is measured, that frame and its three before (bit 0 is the frame).</summary>
    private const byte Kept = 0b1111;

    private const int NormLength = 48;
    private readonly RecentCounts _counts = new(NormLength);
    private readonly RecentCounts _fresh = new(NormLength);
    private byte[] _history = [];
    private int _columns;

    /// <summary>Blocks in the grid.</summary>
    public int Blocks => _history.Length;

    /// <summary>Blocks with a seam in the frame last measured.</summary>
    public int Count { get; private set; }

    /// <summary>Seams in the frame last measured that none of the three frames before had.</summary>
    public int Fresh { get; private set; }

    /// <summary>Frames the norms were learned from (at most <see cref="NormLength"/> count).</summary>
    public int Learned => _counts.Count;

    /// <summary>The new seams of that frame (x0, y0, x1, y1 inclusive, in blocks); empty when there are none.</summary>
    public (int X0, int Y0, int X1, int Y1) FreshBox { get; private set; }

    public void Start(int width, int height)
    {
        var (columns, rows) = FrameMath.BlockGrid16(width, height);
        _columns = columns;
        _history = new byte[columns * rows];
        Array.Fill(_history, Kept); // nothing is new in the first three frames
        ForgetNorms();
    }

    /// <summary>Forgets the norms (e.g. after a freeze, whose repeated pictures teach nothing).</summary>
    public void ForgetNorms()
    {
        _counts.Clear();
        _fresh.Clear();
    }

    /// <summary>Takes a frame's seam scores (<see cref="FrameFeatures.LumaMacroblockSeams"/>).</summary>
    public void Measure(ReadOnlySpan<int> strengths)
    {
        if (strengths.Length != _history.Length)
        {
            throw new ArgumentException($"Expected the seams of {_history.Length} blocks, got {strengths.Length}.", nameof(strengths));
        }

        int count = 0, fresh = 0;
        var (x0, y0, x1, y1) = (int.MaxValue, int.MaxValue, -1, -1);
        ref var strength = ref MemoryMarshal.GetReference(strengths);
        ref var history = ref MemoryMarshal.GetArrayDataReference(_history);
        for (var i = 0; i < _history.Length; i++)
        {
            var seam = Unsafe.Add(ref strength, i) > Threshold ? 1 : 0;
            ref var h = ref Unsafe.Add(ref history, i);
            count += seam;
            if (seam > (h & Remembered))
            {
                // A seam where the three frames before had none.
                fresh++;
                var (c, r) = (i % _columns, i / _columns);
                (x0, y0, x1, y1) = (Math.Min(x0, c), Math.Min(y0, r), Math.Max(x1, c), Math.Max(y1, r));
            }

            h = (byte)(((h << 1) | seam) & Kept);
        }

        Count = count;
        Fresh = fresh;
        FreshBox = (x0, y0, x1, y1);
    }

    /// <summary>
    /// Whether the new seams of the frame last measured were made by blocks replaced as wholes, as concealment does:
    /// some lie on a border that changed as a whole in the same frame (the block or the neighbour across the seam is
    /// one of <paramref name="changed"/>, <see cref="GridInnovation.Changed"/>), and at least twice as large a share
    /// of them as of all blocks (so not by chance, as where new seams cover the picture). A source that turns blocky
    /// (a drop in its quality) adds seams without replacing any block. Asked only of a frame that could start an
    /// episode, so it costs nothing on the others.
    /// </summary>
    public bool NewSeamsOnReplacedBlocks(ReadOnlySpan<bool> changed)
    {
        if (changed.Length != _history.Length)
        {
            throw new ArgumentException($"Expected the changes of {_history.Length} blocks, got {changed.Length}.", nameof(changed));
        }

        int freshNear = 0, near = 0;
        for (int i = 0, r = 0; i < _history.Length; r++)
        {
            for (var c = 0; c < _columns; c++, i++)
            {
                var isNear = changed[i] || (c > 0 && changed[i - 1]) || (r > 0 && changed[i - _columns]);
                near += isNear ? 1 : 0;
                freshNear += isNear && _history[i] == 1 ? 1 : 0; // a seam in this frame, none in the three before
            }
        }

        return freshNear > 0 && (long)freshNear * _history.Length >= 2L * Fresh * near;
    }

    /// <summary>Takes the frame last measured into the norms (an undamaged frame).</summary>
    public void Learn()
    {
        _counts.Add(Count);
        _fresh.Add(Fresh);
    }

    /// <summary>The stream's usual number of seams: the median of the frames learned.</summary>
    public int CountNorm() => _counts.Quantile(0.5);

    /// <summary>The stream's usual number of new seams: the 90th percentile of the frames learned.</summary>
    public int FreshNorm() => _fresh.Quantile(0.9);

    /// <summary>Writes the norms and the per-block history (the counts are measured afresh on every frame).</summary>
    public void Write(BinaryWriter w)
    {
        _counts.Write(w);
        _fresh.Write(w);
        w.WriteArray(_history);
    }

    public void Read(BinaryReader r)
    {
        _counts.Read(r);
        _fresh.Read(r);
        var history = r.ReadArray<byte>();
        if (history is null || history.Length != _history.Length)
        {
            throw new InvalidDataException("Checkpoint does not match this picture size.");
        }

        history.CopyTo(_history, 0);
    }
}
