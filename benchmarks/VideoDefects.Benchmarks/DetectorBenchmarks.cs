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
    private VideoFrame[] _coldFrozen = [];
    private VideoFrame[] _underGraphics = [];
    private VideoFrame[] _stillWithMover = [];
    private FrozenFrameDetector _robust = null!;
    private FrozenFrameDetector _robustUnderGraphics = null!;
    private FrozenFrameDetector _robustStillWithMover = null!;
    private FrozenFrameDetector _robustNoGraphics = null!;
    private FrozenFrameDetector _robustCold = null!;
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
        _robustNoGraphics = new FrozenFrameDetector(new FrozenFrameDetectorOptions { DiscountLiveGraphics = false });
        _robustNoGraphics.Start(media);
        _ffmpeg = new FrozenFrameDetector(new FrozenFrameDetectorOptions { Mode = FreezeMode.FFmpegCompatible, NoiseRatio = 0.05 });
        _ffmpeg.Start(media);
        _corruption = new BlockCorruptionDetector();
        _corruption.Start(media);

        // A frozen picture under a crawling ticker (the freeze holds only with the learned graphics left out), and a
        // still picture under it whose small moving object breaks every run (the graphics worked out every frame).
        // The same 16-frame cycle without graphics: the baseline for the two above (frames out of cache, as a decoder
        // delivers them, where the two-frame benchmarks keep theirs in cache).
        _coldFrozen = [.. Enumerable.Range(0, 16).Select(i => TestFrames.Make(w, h, 1 + (i % 2)))];
        _robustCold = new FrozenFrameDetector();
        _robustCold.Start(media);
        _underGraphics = [.. Enumerable.Range(0, 16).Select(i => WithTicker(TestFrames.Make(w, h, 1 + (i % 2)), i))];
        _stillWithMover = [.. Enumerable.Range(0, 16).Select(i => WithSquare(WithTicker(TestFrames.Make(w, h, 1 + (i % 2)), i), w / 2 + (i * 6), h / 2, h / 20))];
        _robustUnderGraphics = new FrozenFrameDetector();
        _robustUnderGraphics.Start(media);
        _robustStillWithMover = new FrozenFrameDetector();
        _robustStillWithMover.Start(media);
        for (var i = 0; i < 64; i++)
        {
            // Past the learning time, as a monitor is after its first second.
            _robustUnderGraphics.OnVideoFrame(Next(_underGraphics), _features, _events);
            _robustStillWithMover.OnVideoFrame(Next(_stillWithMover), _features, _events);
        }
    }

    private static VideoFrame WithTicker(VideoFrame frame, int step)
    {
        var buffer = frame.GetWritableBuffer();
        for (var y = frame.Height * 9 / 10; y < frame.Height; y++)
        {
            for (var x = 0; x < frame.Width; x++)
            {
                buffer[(y * frame.Width) + x] = (byte)((x + (step * 4)) % 23 < 8 ? 230 : 30);
            }
        }

        return frame;
    }

    private static VideoFrame WithSquare(VideoFrame frame, int x, int y, int size)
    {
        var buffer = frame.GetWritableBuffer();
        for (var yy = y; yy < y + size; yy++)
        {
            buffer.Slice((yy * frame.Width) + x, size).Fill(20);
        }

        return frame;
    }

    private VideoFrame Next() => Next(_frames);

    private VideoFrame Next(VideoFrame[] frames)
    {
        var frame = frames[_next % frames.Length];
        var previous = frames[(_next + frames.Length - 1) % frames.Length];
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

    [Benchmark(Description = "frozen (robust), freeze, 16-frame cycle")]
    public void FrozenRobustCold() => _robustCold.OnVideoFrame(Next(_coldFrozen), _features, _events);

    [Benchmark(Description = "frozen (robust), freeze under a ticker")]
    public void FrozenRobustUnderGraphics() => _robustUnderGraphics.OnVideoFrame(Next(_underGraphics), _features, _events);

    [Benchmark(Description = "frozen (robust), still shot with a mover under a ticker")]
    public void FrozenRobustStillWithMover() => _robustStillWithMover.OnVideoFrame(Next(_stillWithMover), _features, _events);

    [Benchmark(Description = "frozen (robust), with live graphics learning off")]
    public void FrozenRobustNoGraphics() => _robustNoGraphics.OnVideoFrame(Next(), _features, _events);

    [Benchmark(Description = "frozen (ffmpeg mode)")]
    public void FrozenFFmpeg() => _ffmpeg.OnVideoFrame(Next(), _features, _events);
}
