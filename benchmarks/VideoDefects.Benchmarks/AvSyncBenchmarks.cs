using BenchmarkDotNet.Attributes;
using VideoDefects.Analysis;
using VideoDefects.Detectors.AvSync;
using VideoDefects.Frames;

namespace VideoDefects.Benchmarks;

/// <summary>The AV sync detector's cost per second of 1080p25 media with 48 kHz mono audio: 25 frames' signals,
/// 100 audio hops, onset detection, and one tenth of a 10 s window's correlation.</summary>
[Config(typeof(SimdJobsConfig))]
public class AvSyncBenchmarks
{
    private readonly FrameFeatures _features = new();
    private readonly DefectEventList _events = new();
    private VideoFrame[] _frames = [];
    private AudioBlock _block = null!;
    private AvSyncDetector _detector = null!;
    private long _second;

    [GlobalSetup]
    public void Setup()
    {
        _frames = [TestFrames.Make(1920, 1080, 1), TestFrames.Make(1920, 1080, 2)];
        var audio = new AudioFormat(48_000, 1);
        _block = new AudioBlock(audio, 48_000);
        var random = new Random(3);
        var samples = _block.GetWritableBuffer();
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (float)(0.1 * (random.NextDouble() - 0.5));
        }

        _block.FrameCount = 48_000;
        _detector = new AvSyncDetector();
        _detector.Start(new MediaInfo("bench", _frames[0].Format, audio));
    }

    [Benchmark(Description = "avsync, 1 s of media")]
    public void OneSecond()
    {
        _block.StartTime = _second;
        _block.FirstSample = _second * 48_000;
        _detector.OnAudio(_block, _events);
        for (var i = 0; i < 25; i++)
        {
            var frame = _frames[i & 1];
            frame.Index = (_second * 25) + i;
            frame.Timestamp = frame.Index / 25.0;
            _features.MoveTo(frame, _frames[(i + 1) & 1]);
            _detector.OnVideoFrame(frame, _features, _events);
        }

        _second++;
    }
}
