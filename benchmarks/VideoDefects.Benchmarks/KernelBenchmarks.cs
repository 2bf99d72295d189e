using BenchmarkDotNet.Attributes;
using VideoDefects.Frames;
using VideoDefects.Kernels;

namespace VideoDefects.Benchmarks;

/// <summary>The shared kernels, per frame.</summary>
[Config(typeof(SimdJobsConfig))]
public class KernelBenchmarks
{
    private VideoFrame _a = null!;
    private VideoFrame _b = null!;
    private ushort[] _sums = [];
    private byte[] _difference = [];
    private int[] _border = [];
    private int[] _interior = [];
    private ushort[] _otherSums = [];
    private byte[] _counts = [];
    private byte[] _moving = [];
    private (int Columns, int Rows) _grid8;

    [ParamsSource(typeof(Resolutions), nameof(Resolutions.All))]
    public string Resolution { get; set; } = "1080p";

    [GlobalSetup]
    public void Setup()
    {
        var (w, h) = Resolutions.Size(Resolution);
        _a = TestFrames.Make(w, h, 1);
        _b = TestFrames.Make(w, h, 2);
        _sums = new ushort[(w / 8) * (h / 8)];
        _difference = new byte[w * h];
        var (columns, rows) = FrameMath.BlockGrid16(w, h);
        _border = new int[columns * rows];
        _interior = new int[columns * rows];
        // Block sums of two moving frames: a realistic share of changed blocks for the freeze detector's grid kernels.
        FrameMath.BlockSums8x8(_a.Luma, _sums);
        _otherSums = new ushort[_sums.Length];
        FrameMath.BlockSums8x8(TestFrames.Make(w, h, 3, shift: 12).Luma, _otherSums);
        _counts = Enumerable.Repeat((byte)0xFF, _sums.Length).ToArray();
        _moving = new byte[_sums.Length];
        _grid8 = FrameMath.BlockGrid8(w, h);
        FrameMath.MarkChanged(_sums, _otherSums, _counts, 4 * 64, _moving);
    }

    [Benchmark(Description = "SAD luma")]
    public ulong Sad() => FrameMath.Sad(_a.Luma, _b.Luma);

    [Benchmark(Description = "8x8 block sums")]
    public void BlockSums() => FrameMath.BlockSums8x8(_a.Luma, _sums);

    [Benchmark(Description = "half difference")]
    public ulong HalfDifference() => FrameMath.HalfDifference(_a.Luma, _b.Luma, _difference);

    [Benchmark(Description = "16x16 block edge steps")]
    public void BlockEdgeSteps() => FrameMath.BlockEdgeSteps(_a.Luma, _border, _interior);

    [Benchmark(Description = "16x16 macroblock seams")]
    public void MacroblockSeams() => FrameMath.MacroblockSeams(_a.Luma, _border);

    [Benchmark(Description = "changed 8x8 blocks (map)")]
    public int MarkChanged() => FrameMath.MarkChanged(_sums, _otherSums, _counts, 4 * 64, _moving);

    [Benchmark(Description = "clustered changed blocks")]
    public int CountClustered() => FrameMath.CountClustered(_moving, _grid8.Columns, _grid8.Rows);
}
