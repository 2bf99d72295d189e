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
    }

    [Benchmark(Description = "SAD luma")]
    public ulong Sad() => FrameMath.Sad(_a.Luma, _b.Luma);

    [Benchmark(Description = "8x8 block sums")]
    public void BlockSums() => FrameMath.BlockSums8x8(_a.Luma, _sums);

    [Benchmark(Description = "half difference")]
    public ulong HalfDifference() => FrameMath.HalfDifference(_a.Luma, _b.Luma, _difference);

    [Benchmark(Description = "16x16 block edge steps")]
    public void BlockEdgeSteps() => FrameMath.BlockEdgeSteps(_a.Luma, _border, _interior);
}
