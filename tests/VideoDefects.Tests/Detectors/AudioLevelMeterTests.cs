using FsCheck;
using FsCheck.Xunit;
using VideoDefects.Detectors.AvSync;

namespace VideoDefects.Tests.Detectors;

public class AudioLevelMeterTests
{
    private const int Rate = 8000;

    private static List<float> Levels(Action<AudioLevelMeter> feed)
    {
        var levels = new List<float>();
        feed(new AudioLevelMeter(levels.Add));
        return levels;
    }

    private static float[] Sound(int seed, int length)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() - 0.5))];
    }

    /// <summary>FsCheck draws the sound (a short run of samples repeated over 3 s), how early it starts and the block
    /// size; a failure shrinks to few samples and small numbers.</summary>
    [Property(MaxTest = 50)]
    public bool Sound_from_before_the_clock_s_zero_is_cut_not_shifted_later(NonEmptyArray<NormalFloat> samples, PositiveInt earlySeed, PositiveInt blockSeed)
    {
        var run = samples.Get;
        float[] sound = [.. Enumerable.Range(0, 3 * Rate).Select(i => (float)Math.Clamp(run[i % run.Length].Get, -1, 1))];
        var early = earlySeed.Get % Rate;              // up to 1 s before the picture's first frame
        var block = 1 + (blockSeed.Get % 1500);
        // Delivered in blocks, the first one starting `early` samples before zero…
        var cut = Levels(meter =>
        {
            for (var at = 0; at < sound.Length; at += block)
            {
                meter.Add(sound.AsSpan(at, Math.Min(block, sound.Length - at)), at - early, Rate);
            }
        });

        // …measures what the sound from zero on measures.
        var fromZero = Levels(meter => meter.Add(sound.AsSpan(early), 0, Rate));
        return cut.SequenceEqual(fromZero);
    }

    [Fact]
    public void A_gap_is_measured_as_silence_and_an_overlap_is_not_measured_twice()
    {
        var sound = Sound(3, Rate);
        var levels = Levels(meter =>
        {
            meter.Add(sound.AsSpan(0, Rate / 2), 0, Rate);
            meter.Add(sound.AsSpan(Rate / 2 - 80), (Rate / 2) - 80, Rate); // 10 ms again
            meter.Add(sound.AsSpan(0, 160), Rate + 160, Rate);           // after 20 ms missing
        });

        Assert.Equal(104, levels.Count); // 1 s, 20 ms of gap, 20 ms: nothing twice
        Assert.Equal(Levels(meter => meter.Add(sound, 0, Rate)), levels.Take(100));
    }
}
