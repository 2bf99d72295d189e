using BenchmarkDotNet.Attributes;
using VideoDefects.Analysis;
using VideoDefects.Detectors.Audio;
using VideoDefects.Detectors.Black;
using VideoDefects.Detectors.Loudness;
using VideoDefects.Frames;

namespace VideoDefects.Benchmarks;

/// <summary>The cost of black, silence, loudness and clipping per second of 1080p25 media with 48 kHz stereo audio
/// (25 frames counted for black; 48 000 sample frames through each audio detector), to set beside
/// <see cref="AvSyncBenchmarks"/> and the per-frame detectors.</summary>
[Config(typeof(SimdJobsConfig))]
public class MonitorChecksBenchmarks
{
    private readonly DefectEventList _events = new();
    private VideoFrame _frame = null!;
    private AudioBlock _block = null!;
    private BlackDetector _black = null!;
    private SilenceDetector _silence = null!;
    private LoudnessDetector _loudness = null!;
    private ClippingDetector _clipping = null!;
    private long _second;

    [GlobalSetup]
    public void Setup()
    {
        _frame = TestFrames.Make(1920, 1080, 1);
        var audio = new AudioFormat(48_000, 2);
        _block = new AudioBlock(audio, 48_000);
        var random = new Random(3);
        var samples = _block.GetWritableBuffer();
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (float)(0.3 * (random.NextDouble() - 0.5));
        }

        _block.FrameCount = 48_000;
        var media = new MediaInfo("bench", _frame.Format, audio);
        _black = new BlackDetector();
        _silence = new SilenceDetector();
        _loudness = new LoudnessDetector(new LoudnessDetectorOptions { Profile = LoudnessProfile.EbuR128 });
        _clipping = new ClippingDetector();
        foreach (var d in new IFrameAnalyzer[] { _black, _silence, _loudness, _clipping })
        {
            d.Start(media);
        }
    }

    [Benchmark(Description = "black, 25 frames (1 s of 1080p25)")]
    public void Black()
    {
        for (var i = 0; i < 25; i++)
        {
            _frame.Index = i;
            _frame.Timestamp = i / 25.0;
            _black.OnVideoFrame(_frame, null!, _events);
        }
    }

    [Benchmark(Description = "silence, 1 s of 48 kHz stereo")]
    public void Silence() => _silence.OnAudio(Next(), _events);

    [Benchmark(Description = "loudness (BS.1770, true peak), 1 s of 48 kHz stereo")]
    public void Loudness() => _loudness.OnAudio(Next(), _events);

    [Benchmark(Description = "clipping, 1 s of 48 kHz stereo")]
    public void Clipping() => _clipping.OnAudio(Next(), _events);

    private AudioBlock Next()
    {
        _block.StartTime = _second;
        _block.FirstSample = _second * 48_000;
        _second++;
        return _block;
    }
}
