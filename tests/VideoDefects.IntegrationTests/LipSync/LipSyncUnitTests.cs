using FsCheck;
using FsCheck.Xunit;
using VideoDefects.Analysis;
using VideoDefects.LipSync.Speech;
using VideoDefects.LipSync.Sync;
using VideoDefects.Reports;

namespace VideoDefects.IntegrationTests.LipSync;

/// <summary>The lip-sync package's arithmetic, without models: resampling, the lag curve, and which estimate the
/// report keeps.</summary>
public class LipSyncUnitTests
{
    [Property(MaxTest = 40)]
    public bool Resampling_in_pieces_equals_one_pass(PositiveInt seed, PositiveInt pieces, bool cd)
    {
        var rate = cd ? 44_100 : 48_000;
        var random = new Random(seed.Get);
        var input = new float[rate / 2 + random.Next(0, 5000)];
        for (var i = 0; i < input.Length; i++)
        {
            input[i] = (float)((random.NextDouble() * 2) - 1);
        }

        var whole = Resample(new Resampler(rate), [input]);
        var cuts = Enumerable.Range(0, 1 + (pieces.Get % 20)).Select(_ => random.Next(0, input.Length)).Append(0).Append(input.Length).Distinct().Order().ToArray();
        var chunks = cuts.Zip(cuts.Skip(1), (a, b) => input[a..b]).ToArray();
        var inPieces = Resample(new Resampler(rate), chunks);
        return whole.SequenceEqual(inPieces) && Math.Abs(whole.Length - (input.Length * 16_000.0 / rate)) < 20;
    }

    [Theory]
    [InlineData(48_000, 440)]
    [InlineData(44_100, 3000)]
    [InlineData(16_000, 1000)]
    public void A_tone_below_8_kHz_keeps_its_level_and_pitch(int rate, double hz)
    {
        var input = Enumerable.Range(0, rate).Select(i => (float)(0.5 * Math.Sin(2 * Math.PI * hz * i / rate))).ToArray();
        var output = Resample(new Resampler(rate), [input]);
        var middle = output[4000..12000];
        var rms = Math.Sqrt(middle.Average(x => x * (double)x));
        var crossings = middle.Zip(middle.Skip(1)).Count(p => p.First < 0 && p.Second >= 0);
        Assert.InRange(rms, 0.5 / Math.Sqrt(2) * 0.97, 0.5 / Math.Sqrt(2) * 1.03);
        Assert.InRange(crossings, (hz / 2) - 2, (hz / 2) + 2); // 8000 samples = 0.5 s
    }

    [Fact]
    public void A_tone_above_8_kHz_is_filtered_out()
    {
        var input = Enumerable.Range(0, 48_000).Select(i => (float)(0.5 * Math.Sin(2 * Math.PI * 12_000 * i / 48_000))).ToArray();
        var output = Resample(new Resampler(48_000), [input]);
        Assert.True(output[4000..12000].Max(Math.Abs) < 0.02, "12 kHz would alias to 4 kHz");
    }

    [Property(MaxTest = 60)]
    public bool The_peak_of_a_curve_is_its_apex_between_lags(int apexSeed, PositiveInt widthSeed)
    {
        var curve = new LagCurve(600, 10);
        var apex = (apexSeed % 5000) / 10.0; // -499.9 … 499.9 ms
        var width = 60 + (widthSeed.Get % 200);
        for (var i = 0; i < curve.Count; i++)
        {
            var x = (curve.DelayMs(i) - apex) / width;
            curve.Add(i, 0.6 * (1 - (x * x)), 100);
        }

        var peak = curve.Peak(3.0 * width);
        return Math.Abs(peak.DelayMs - apex) < 0.01 && peak.Pairs == 100 && peak.RivalScore < peak.Score;
    }

    [Fact]
    public void Windows_are_pooled_by_the_pairs_behind_them()
    {
        var curve = new LagCurve(100, 10);
        var other = new LagCurve(100, 10);
        curve.Add(5, 0.9, 10);
        other.Add(5, 0.1, 30);
        curve.Add(other);
        Assert.Equal(0.3, curve.R(5), 9);
        Assert.Equal(40, curve.Pairs(5));
        Assert.Equal(0, curve.R(4));
    }

    [Fact]
    public void The_report_keeps_a_pattern_then_a_reference_then_lip_sync_then_the_content()
    {
        AvSyncReport Of(string method, double? delay) => new() { AudioDelayMs = delay, Confidence = 0.5, Method = method };
        var content = Of(AvSyncMethods.Content, 300);
        var lipSyncAbstains = Of(AvSyncMethods.LipSync, null);
        var reference = Of(AvSyncMethods.Reference, null);

        Assert.Same(lipSyncAbstains, AvSyncEstimates.Choose([content, lipSyncAbstains]));
        Assert.Same(reference, AvSyncEstimates.Choose([content, lipSyncAbstains, reference]));
        Assert.Same(content, AvSyncEstimates.Choose([content, null])); // no speaking face: no opinion
        var pattern = Of(AvSyncMethods.TestPattern, 40);
        Assert.Same(pattern, AvSyncEstimates.Choose([reference, lipSyncAbstains, pattern]));
        Assert.Null(AvSyncEstimates.Choose([null, null]));
    }

    private static float[] Resample(Resampler resampler, float[][] chunks)
    {
        var output = new List<float>();
        float[] buffer = [];
        foreach (var chunk in chunks)
        {
            var n = resampler.Process(chunk, ref buffer);
            output.AddRange(buffer[..n]);
        }

        return [.. output];
    }
}
