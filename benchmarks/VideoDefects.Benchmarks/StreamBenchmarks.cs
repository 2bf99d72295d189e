using BenchmarkDotNet.Attributes;
using VideoDefects.Analysis;
using VideoDefects.Detectors;
using VideoDefects.Detectors.Registry;
using VideoDefects.Frames;

namespace VideoDefects.Benchmarks;

/// <summary>
/// Every detector on each frame of a stream of distinct moving frames — more of them than the last-level cache holds,
/// so each frame arrives cold, as from a decoder. The per-frame analysis cost of the CLI's fan-out; the per-detector
/// benchmarks run on two frames that stay in cache and so measure arithmetic, not memory.
/// </summary>
[MemoryDiagnoser]
public class StreamBenchmarks
{
    private const int Frames = 24; // 48 MB of 1080p luma, 190 MB of 2160p: well beyond a 32 MB L3
    private readonly FrameFeatures _features = new();
    private readonly DefectEventList _events = new();
    private VideoFrame[] _frames = [];
    private IReadOnlyList<IFrameAnalyzer> _detectors = [];
    private int _next;

    [Params("1080p", "2160p")]
    public string Resolution { get; set; } = "1080p";

    [GlobalSetup]
    public void Setup()
    {
        var (w, h) = Resolutions.Size(Resolution);
        _frames = [.. Enumerable.Range(0, Frames).Select(i => TestFrames.Make(w, h, i, shift: 3 * i))];
        _detectors = DetectorRegistry.Default.Create(null);
        foreach (var detector in _detectors)
        {
            detector.Start(new MediaInfo("bench", _frames[0].Format, null));
        }
    }

    [Benchmark(Description = "all detectors, cold frames")]
    public void AllDetectors()
    {
        var frame = _frames[_next % Frames];
        var previous = _frames[(_next + Frames - 1) % Frames];
        _next++;
        frame.Index = _next;
        frame.Timestamp = _next / 25.0;
        _features.MoveTo(frame, previous);
        foreach (var detector in _detectors)
        {
            detector.OnVideoFrame(frame, _features, _events);
        }
    }
}
