using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using VideoDefects.Analysis;
using VideoDefects.Formats;
using VideoDefects.Frames;
using VideoDefects.LipSync;

namespace VideoDefects.Benchmarks;

/// <summary>The lip-sync detector's cost per second of a 720p25 talking head with 48 kHz mono sound: a real face
/// (the shared clip talk_vox_a, scaled up and pillarboxed by FFmpeg once in setup), 25 frames of tracking and
/// landmarks, 1 s of speech detection, and one tenth of a 10 s window's correlation. Needs FFmpeg and the models
/// (<c>VIDEODEFECTS_MODELS</c>, else ../shared/models beside the repository). ONNX Runtime's own kernels do not vary
/// with our SIMD jobs, so one default job.</summary>
[Config(typeof(Config))]
public class LipSyncBenchmarks
{
    private readonly FrameFeatures _features = new();
    private readonly DefectEventList _events = new();
    private readonly List<VideoFrame> _frames = [];
    private AudioBlock _block = null!;
    private LipSyncDetector _detector = null!;
    private long _second;

    [GlobalSetup]
    public void Setup()
    {
        var shared = Path.GetFullPath(Path.Combine(RepoRoot(), "..", "shared"));
        var models = Environment.GetEnvironmentVariable("VIDEODEFECTS_MODELS") ?? Path.Combine(shared, "models");
        var clip = Directory.GetFiles(Path.Combine(shared, "media"), "talk_vox_a_*.mp4").Single();
        var y4m = Path.Combine(Path.GetTempPath(), "vd-bench-talk720.y4m");
        var wav = Path.Combine(Path.GetTempPath(), "vd-bench-talk720.wav");
        FFmpeg("-ss", "2", "-t", "1", "-i", clip, "-vf", "scale=720:720,pad=1280:720:280:0,format=yuv420p", "-f", "yuv4mpegpipe", y4m);
        FFmpeg("-ss", "2", "-t", "1", "-i", clip, "-vn", "-ac", "1", "-ar", "48000", "-c:a", "pcm_f32le", wav);

        using (var video = Y4mReader.Open(File.OpenRead(y4m), y4m))
        {
            while (true)
            {
                var frame = VideoFrame.Create(video.Format);
                if (!video.ReadFrame(frame))
                {
                    break;
                }

                _frames.Add(frame);
            }
        }

        using var audio = WavReader.Open(File.OpenRead(wav), wav);
        _block = new AudioBlock(audio.Format, 48_000);
        audio.ReadBlock(_block);
        _detector = new LipSyncDetector(new LipSyncDetectorOptions { ModelsDirectory = models });
        _detector.Start(new MediaInfo("bench", _frames[0].Format, audio.Format));
    }

    [GlobalCleanup]
    public void Cleanup() => _detector.Dispose();

    [Benchmark(Description = "lipsync, 1 s of 720p25 talking head")]
    public void OneSecond()
    {
        _block.StartTime = _second;
        _block.FirstSample = _second * 48_000;
        _detector.OnAudio(_block, _events);
        for (var i = 0; i < 25; i++)
        {
            var frame = _frames[i % _frames.Count];
            frame.Index = (_second * 25) + i;
            frame.Timestamp = frame.Index / 25.0;
            _detector.OnVideoFrame(frame, _features, _events);
        }

        _second++;
    }

    private static void FFmpeg(params string[] args)
    {
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true };
        foreach (var arg in (string[])["-hide_banner", "-loglevel", "error", "-y", .. args])
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg failed: {error}");
        }
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VideoDefects.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("VideoDefects.sln not found above the benchmark binaries.");
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(10)).AddDiagnoser(BenchmarkDotNet.Diagnosers.MemoryDiagnoser.Default);
    }
}
