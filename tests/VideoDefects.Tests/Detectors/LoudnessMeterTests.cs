using FsCheck;
using FsCheck.Xunit;
using VideoDefects.Detectors.Loudness;
using VideoDefects.Tests.Support;

namespace VideoDefects.Tests.Detectors;

/// <summary>The meter against the published test signals of EBU Tech 3341 (loudness) and 3342 (loudness range),
/// generated here from their definitions: stereo 1 kHz sines at given levels, 0 dBFS being a full-scale sine.</summary>
public class LoudnessMeterTests
{
    private const int Rate = 48_000;

    /// <summary>Stereo 1 kHz sine stretches: (seconds, dBFS per channel).</summary>
    private static LoudnessMeter Measure(params (double Seconds, double Dbfs)[] parts)
    {
        var meter = new LoudnessMeter(Rate, 2);
        long n = 0;
        foreach (var (seconds, dbfs) in parts)
        {
            var end = n + (long)Math.Round(seconds * Rate);
            meter.Add(AudioFeeder.Interleave((i, _) => AudioFeeder.Sine(i, 1000, dbfs), 2, n, end));
            n = end;
        }

        return meter;
    }

    [Theory]
    [InlineData(-23.0, -23.0)] // Tech 3341 case 1
    [InlineData(-33.0, -33.0)] // case 2
    public void A_steady_sine_measures_its_level_momentary_short_term_and_integrated(double dbfs, double expected)
    {
        var meter = Measure((20, dbfs));
        Assert.InRange(meter.IntegratedLufs!.Value, expected - 0.1, expected + 0.1);
        Assert.InRange(meter.MaxMomentaryLufs!.Value, expected - 0.1, expected + 0.1);
        Assert.InRange(meter.MaxShortTermLufs!.Value, expected - 0.1, expected + 0.1);
    }

    [Fact]
    public void Tech_3341_case_3_the_relative_gate_leaves_out_the_quiet_parts() =>
        Assert.InRange(Measure((10, -36), (60, -23), (10, -36)).IntegratedLufs!.Value, -23.1, -22.9);

    [Fact]
    public void Tech_3341_case_4_the_absolute_gate_leaves_out_what_is_below_minus_70() =>
        Assert.InRange(Measure((10, -72), (10, -36), (60, -23), (10, -36), (10, -72)).IntegratedLufs!.Value, -23.1, -22.9);

    [Fact]
    public void Tech_3341_case_5_blocks_straddling_the_steps_are_gated_as_the_standard_says() =>
        Assert.InRange(Measure((20.1, -26), (20.1, -20), (20.1, -26)).IntegratedLufs!.Value, -23.1, -22.9);

    [Theory]
    [InlineData(-20, -30, 10)] // Tech 3342 case 1
    [InlineData(-20, -15, 5)] // case 2
    [InlineData(-40, -20, 20)] // case 3
    public void Tech_3342_loudness_range_of_two_levels(double first, double second, double expected) =>
        Assert.InRange(Measure((20, first), (20, second)).LoudnessRangeLu!.Value, expected - 1, expected + 1);

    [Fact]
    public void Tech_3342_case_4_loudness_range_of_five_levels() =>
        Assert.InRange(Measure((20, -50), (20, -35), (20, -20), (20, -35), (20, -50)).LoudnessRangeLu!.Value, 14, 16);

    [Fact]
    public void True_peak_finds_the_peak_between_samples()
    {
        // A sine at a quarter of the rate sampled at 45°: every sample is 3 dB below the wave's peak.
        var meter = new LoudnessMeter(Rate, 1);
        meter.Add(AudioFeeder.Interleave((i, _) => AudioFeeder.Sine(i, Rate / 4.0, -6, Rate, Math.PI / 4), 1, 0, Rate));
        Assert.InRange(meter.MaxTruePeakDbtp!.Value, -6.2, -5.8);
    }

    [Property(MaxTest = 200)]
    public bool True_peak_vectors_equal_the_scalar_reference_at_every_sample(float[] samples)
    {
        var peak = new TruePeak();
        var window = new float[12];
        foreach (var raw in samples)
        {
            var x = float.IsFinite(raw) ? Math.Clamp(raw, -4f, 4f) : 0f;
            peak.Add(x);
            Array.Copy(window, 1, window, 0, 11);
            window[11] = x;
            var expected = TruePeak.PeakOf(window);
            if (Math.Abs(peak.TakePeak() - expected) > 1e-5f * Math.Max(1, expected))
            {
                return false;
            }
        }

        return true;
    }

    [Fact]
    public void Silence_has_no_integrated_loudness_or_range()
    {
        var meter = new LoudnessMeter(Rate, 2);
        meter.Add(new float[Rate * 2 * 5]);
        Assert.Null(meter.IntegratedLufs);
        Assert.Null(meter.LoudnessRangeLu);
    }

    [Fact]
    public void Surround_channels_weigh_more_and_LFE_not_at_all()
    {
        // 5.1 with the same sine in one channel at a time: a surround channel reads 1.5 dB louder than a front one.
        double Channel(int c)
        {
            var meter = new LoudnessMeter(Rate, 6);
            meter.Add(AudioFeeder.Interleave((i, ch) => ch == c ? AudioFeeder.Sine(i, 1000, -20) : 0, 6, 0, 5 * Rate));
            return meter.IntegratedLufs ?? double.NegativeInfinity;
        }

        Assert.InRange(Channel(4) - Channel(0), 1.45, 1.55);
        Assert.Equal(double.NegativeInfinity, Channel(3));
    }

    [Property(MaxTest = 25)]
    public bool Measuring_in_pieces_with_the_state_handed_over_equals_one_pass(PositiveInt cut, PositiveInt block)
    {
        // Pink-ish noise with a level step, 12 s: any cut, any block size.
        var random = new Random(5);
        var signal = Enumerable.Range(0, 12 * Rate).Select(i => (float)((random.NextDouble() - 0.5) * (i < 6 * Rate ? 0.1 : 0.4))).ToArray();
        var at = cut.Get % signal.Length;
        var size = (block.Get % 5000) + 1;
        var whole = new LoudnessMeter(Rate, 1);
        whole.Add(signal);

        var first = new LoudnessMeter(Rate, 1);
        for (var i = 0; i < at; i += size)
        {
            first.Add(signal.AsSpan(i, Math.Min(size, at - i)));
        }

        using var state = new MemoryStream();
        first.Write(new BinaryWriter(state));
        state.Position = 0;
        var second = new LoudnessMeter(Rate, 1);
        second.Read(new BinaryReader(state));
        second.Add(signal.AsSpan(at));
        return second.IntegratedLufs == whole.IntegratedLufs && second.LoudnessRangeLu == whole.LoudnessRangeLu
            && second.MaxTruePeak == whole.MaxTruePeak && second.MaxShortTermLufs == whole.MaxShortTermLufs;
    }
}
