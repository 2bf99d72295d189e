using FsCheck;
using FsCheck.Xunit;
using VideoDefects.Detectors.AvSync;
using VideoDefects.Frames;
using VideoDefects.Pipeline;
using VideoDefects.Reports;

namespace VideoDefects.Tests.Detectors;

public class AvSyncDetectorTests
{
    private const int Rate = 25;
    private const int SampleRate = 8000;
    private static readonly VideoFormat Format = new(64, 48, PixelFormat.Gray8, Rate);

    /// <summary>Feeds <paramref name="seconds"/> of synthetic sound and picture: at each event time the picture
    /// changes (a flash for a pattern, a cut otherwise) and, <paramref name="delayMs"/> later, a sound starts
    /// (a 1 kHz beep for a pattern, a 30 ms noise burst otherwise) over faint background noise.</summary>
    private static AnalysisReport Run(double delayMs, bool pattern, float gain = 1, int brightness = 0, int seed = 1, int seconds = 12, bool silent = false, Analysis.IFrameAnalyzer? analyzer = null, TimeSpan? duration = null)
    {
        var random = new Random(seed);
        var events = new List<double>();
        if (pattern)
        {
            for (var k = 1; k < seconds; k++)
            {
                events.Add(k);
            }
        }
        else
        {
            for (var t = 0.5 + random.NextDouble(); t < seconds - 1; t += 0.35 + random.NextDouble())
            {
                events.Add(Math.Round(t * Rate) / Rate); // cuts happen on frames
            }
        }

        var pipeline = new AnalysisPipeline([analyzer ?? new AvSyncDetector()]);
        pipeline.Start(new MediaInfo("synthetic", Format, new AudioFormat(SampleRate, 1), duration));
        using var frames = new VideoFramePool(Format);
        using var blocks = new AudioBlockPool(new AudioFormat(SampleRate, 1), SampleRate / Rate);
        var shot = 0;
        var noise = new Random(seed + 1);
        for (var i = 0; i < seconds * Rate; i++)
        {
            var time = (double)i / Rate;
            var block = blocks.Rent();
            var samples = block.GetWritableBuffer();
            for (var s = 0; s < block.CapacityFrames; s++)
            {
                var t = time + ((double)s / SampleRate);
                var x = (float)(0.003 * (noise.NextDouble() - 0.5));
                foreach (var e in events)
                {
                    var since = t - (e + (delayMs / 1000));
                    if (since >= 0 && since < 0.03)
                    {
                        x += pattern ? (float)(0.8 * Math.Sin(2 * Math.PI * 1000 * since)) : (float)(0.6 * (noise.NextDouble() - 0.5));
                    }
                }

                samples[s] = silent ? 0 : gain * x;
            }

            block.FrameCount = block.CapacityFrames;
            block.StartTime = time;
            block.FirstSample = (long)i * block.CapacityFrames;
            pipeline.ProcessAudio(block);
            block.Dispose();

            if (!pattern && events.Any(e => Math.Abs(e - time) < 1e-9))
            {
                shot++;
            }

            var frame = frames.Rent();
            var pixels = frame.GetWritableBuffer();
            var flash = pattern && events.Any(e => Math.Abs(e - time) < 1e-9);
            for (var p = 0; p < pixels.Length; p++)
            {
                var v = flash ? 235 : pattern ? 16 : 60 + (((p * (shot + 3)) + (shot * 41)) % 120);
                pixels[p] = (byte)Math.Clamp(v + brightness, 0, 255);
            }

            frame.Index = i;
            frame.Timestamp = time;
            pipeline.ProcessVideo(frame);
        }

        return pipeline.Complete();
    }

    /// <summary>The flash/beep pattern with the sound <paramref name="delayMs"/> late, through <paramref name="analyzer"/>.</summary>
    internal static AnalysisReport RunPattern(Analysis.IFrameAnalyzer analyzer, double delayMs) => Run(delayMs, pattern: true, analyzer: analyzer);

    [Property(MaxTest = 25)]
    public bool Test_pattern_offset_is_measured_to_the_sample(int delaySeed, PositiveInt gainSeed)
    {
        var delay = (delaySeed % 450) + ((delaySeed % 7) * 0.125);
        var gain = 0.1f + (gainSeed.Get % 10 / 10f);
        var report = Run(delay, pattern: true, gain);
        return report.AvSync is { Method: "testPattern", AudioDelayMs: { } ms } && Math.Abs(ms - delay) <= 0.2;
    }

    [Property(MaxTest = 20)]
    public bool Content_event_trains_shifted_by_a_random_lag_are_recovered_within_one_frame(int delaySeed, int seed)
    {
        var delay = delaySeed % 600;
        var report = Run(delay, pattern: false, seed: seed);
        return report.AvSync is { Method: "content", AudioDelayMs: { } ms } && Math.Abs(ms - delay) <= 1000.0 / Rate;
    }

    [Theory]
    [InlineData(970, false)]
    [InlineData(-960, false)]
    [InlineData(880, true)]
    [InlineData(-900, true)]
    public void A_peak_whose_lobe_the_searched_lags_cut_is_not_an_answer(double delay, bool answered)
    {
        // The search reaches ±1 s; a peak within 80 ms of its edge may be the near side of a lobe that peaks beyond.
        var report = Run(delay, pattern: false, seed: 5);
        Assert.Equal("content", report.AvSync?.Method);
        if (answered)
        {
            Assert.InRange(report.AvSync!.AudioDelayMs!.Value, delay - (1000.0 / Rate), delay + (1000.0 / Rate));
        }
        else
        {
            Assert.Null(report.AvSync!.AudioDelayMs);
        }
    }

    [Property(MaxTest = 10)]
    public bool Estimate_is_invariant_to_audio_gain_and_constant_brightness(int delaySeed, PositiveInt gainSeed, PositiveInt brightnessSeed, int seed)
    {
        var delay = delaySeed % 400;
        var plain = Run(delay, pattern: false, seed: seed).AvSync?.AudioDelayMs;
        // Gains that keep the background above the silence floor (−70 dBFS mean), which is a level, not a timing.
        var louder = Run(delay, pattern: false, gain: 0.5f + (gainSeed.Get % 20 / 10f), seed: seed).AvSync?.AudioDelayMs;
        var brighter = Run(delay, pattern: false, brightness: brightnessSeed.Get % 60, seed: seed).AvSync?.AudioDelayMs;
        // Rounding in the dB and correlation sums may move the estimate by a hair, never by a bin (10 ms).
        return plain is { } p && louder is { } l && brighter is { } b && Math.Abs(p - l) < 1 && Math.Abs(p - b) < 1;
    }

    [Fact]
    public void A_live_input_keeps_its_latest_content_windows_and_a_file_keeps_all_of_them()
    {
        // 2 s windows over 60 s: 29 or 30 measured; a stream that never ends must not keep them all.
        var options = new AvSyncDetectorOptions { Window = TimeSpan.FromSeconds(2), LiveWindowsKept = 12 };
        var live = Run(80, pattern: false, seconds: 60, analyzer: new AvSyncDetector(options)).AvSync!;
        var file = Run(80, pattern: false, seconds: 60, analyzer: new AvSyncDetector(options), duration: TimeSpan.FromSeconds(60)).AvSync!;

        Assert.InRange(file.Windows!.Count, 29, 30);
        Assert.Equal(12, live.Windows!.Count);
        Assert.Equal(file.Windows.TakeLast(12), live.Windows);
        Assert.Equal(80, live.AudioDelayMs!.Value, 1000.0 / Rate);
    }

    [Fact]
    public void Silent_audio_gives_no_estimate()
    {
        var report = Run(120, pattern: false, silent: true);
        Assert.NotNull(report.AvSync);
        Assert.Null(report.AvSync!.AudioDelayMs);
        Assert.Equal("silence", report.AvSync.Method);
    }

    [Fact]
    public void An_offset_beyond_the_profile_is_an_event_and_one_within_it_is_not()
    {
        var late = Run(200, pattern: true);
        var e = Assert.Single(late.Events);
        Assert.Equal(Analysis.DefectKind.AvSyncOffset, e.Kind);
        Assert.Equal(200, e.Metrics!["audioDelayMs"], 0);
        Assert.Empty(Run(100, pattern: true).Events); // BT.1359 detectability allows 125 ms late
        Assert.Single(Run(-60, pattern: true).Events); // ... and 45 ms early
    }
}
