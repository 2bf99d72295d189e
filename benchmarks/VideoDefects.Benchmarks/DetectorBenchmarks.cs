using BenchmarkDotNet.Attributes;
using VideoDefects.Analysis;
using VideoDefects.Detectors.Corruption;
using VideoDefects.Detectors.Frozen;
using VideoDefects.Frames;

namespace VideoDefects.Benchmarks;

/// <summary>Each detector's cost per frame, shared features included (as the pipeline computes them once).</summary>
[Config(typeof(SimdJobsConfig))]
public class DetectorBenchmarks
{
    private readonly FrameFeatures _features = new();
    private readonly DefectEventList _events = new();
    private VideoFrame[] _frames = [];
    private FrozenFrameDetector _robust = null!;
    private FrozenFrameDetector _ffmpeg = null!;
    private BlockCorruptionDetector _corruption = null!;
    private int _next;

    [ParamsSource(typeof(Resolutions), nameof(Resolutions.All))]
    public string Resolution { get; set; } = "1080p";

    [GlobalSetup]
    public void Setup()
    {
        var (w, h) = Resolutions.Size(Resolution);
        // Two noisy copies of one picture: the detectors do their full comparison on every frame.
        _frames = [TestFrames.Make(w, h, 1), TestFrames.Make(w, h, 2)];
        var media = new MediaInfo("bench", _frames[0].Format, null);
        _robust = new FrozenFrameDetector();
        _robust.Start(media);
        _ffmpeg = new FrozenFrameDetector(new FrozenFrameDetectorOptions { Mode = FreezeMode.FFmpegCompatible, NoiseRatio = 0.05 });
        _ffmpeg.Start(media);
        _corruption = new BlockCorruptionDetector();
        _corruption.Start(media);
    }

    private VideoFrame Next()
    {
        var frame = _frames[_next & 1];
        var previous = _frames[(_next + 1) & 1];
        _next++;
        frame.Index = _next;
        frame.Timestamp = _next / 25.0;
        _features.MoveTo(frame, previous);
        return frame;
    }

    [Benchmark(Description = "frozen (robust)")]
    public void FrozenRobust() => _robust.OnVideoFrame(Next(), _features, _events);

    [Benchmark(Description = "corruption")]
    public void Corruption() => _corruption.OnVideoFrame(Next(), _features, _events);

    [Benchmark(Description = "frozen (ffmpeg mode)")]
    public void FrozenFFmpeg() => _ffmpeg.OnVideoFrame(Next(), _features, _events);
}
