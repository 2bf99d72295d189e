using System.Buffers;
using VideoDefects.LipSync.Speech;

namespace VideoDefects.LipSync.Sync;

/// <summary>One window's correlations between the mouth and the sound at every candidate delay. Two of them:
/// <list type="bullet">
/// <item><see cref="Add"/>: mouth opening against the speech envelope, over the frames whose delayed sound is speech —
/// syllable by syllable, precise but periodic. Both signals lose their slow trend (a moving mean over
/// <see cref="TrendSeconds"/>) so that head movement and loudness changes do not count; the envelope is averaged over a
/// frame's duration so that both sides have the picture's time resolution.</item>
/// <item><see cref="AddActivity"/>: how fast the mouth moves against the speech probability — talking and pausing,
/// a slower rhythm that tells apart delays the syllable rhythm cannot.</item>
/// </list></summary>
internal static class MouthSpeechCorrelation
{
    /// <summary>Half-width of the moving mean removed from both signals (syllables come 3–7 times a second).</summary>
    public const double TrendSeconds = 0.5;

    /// <summary>The speech probability above which the sound counts as speech.</summary>
    public const float SpeechProbability = 0.5f;

    /// <summary>Adds to <paramref name="curve"/> the correlation of <paramref name="mouth"/> (one value per frame at
    /// <paramref name="times"/>; NaN where no mouth was measured) with the speech envelope at each lag.</summary>
    public static void Add(ReadOnlySpan<double> times, ReadOnlySpan<float> mouth, SpeechTrack speech, double frameDuration, LagCurve curve)
    {
        var n = times.Length;
        var count = (int)(speech.Envelope.End - speech.Envelope.Start);
        if (n < 2 || count == 0)
        {
            return;
        }

        var first = speech.Envelope.Start;
        var mouthFlat = ArrayPool<double>.Shared.Rent(n);
        var envelope = ArrayPool<double>.Shared.Rent(count);
        var smooth = ArrayPool<double>.Shared.Rent(count);
        var flat = ArrayPool<double>.Shared.Rent(count);
        var gate = ArrayPool<float>.Shared.Rent(count);
        try
        {
            Detrend(mouth, Math.Max(1, (int)Math.Round(TrendSeconds / frameDuration)), mouthFlat.AsSpan(0, n));
            for (var k = 0; k < count; k++)
            {
                envelope[k] = speech.Envelope[first + k];
                gate[k] = speech.Speech[first + k];
            }

            MovingMean(envelope.AsSpan(0, count), Math.Max(0, (int)Math.Round(frameDuration * SpeechTrack.Rate / 2) - 1), smooth.AsSpan(0, count));
            MovingMean(smooth.AsSpan(0, count), (int)Math.Round(TrendSeconds * SpeechTrack.Rate), flat.AsSpan(0, count));
            for (var k = 0; k < count; k++)
            {
                flat[k] = smooth[k] - flat[k];
            }

            CorrelateAtLags(times, mouthFlat.AsSpan(0, n), flat.AsSpan(0, count), gate.AsSpan(0, count), speech.TimeOf(first), curve);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(mouthFlat);
            ArrayPool<double>.Shared.Return(envelope);
            ArrayPool<double>.Shared.Return(smooth);
            ArrayPool<double>.Shared.Return(flat);
            ArrayPool<float>.Shared.Return(gate);
        }
    }

    /// <summary>Adds to <paramref name="curve"/> the correlation of how fast the mouth moves (its opening's change,
    /// averaged over ±2 frames) with the speech probability at each lag, over every frame with a measured mouth.</summary>
    public static void AddActivity(ReadOnlySpan<double> times, ReadOnlySpan<float> mouth, SpeechTrack speech, LagCurve curve)
    {
        var n = times.Length;
        var count = (int)(speech.Speech.End - speech.Speech.Start);
        if (n < 5 || count == 0)
        {
            return;
        }

        var first = speech.Speech.Start;
        var speed = ArrayPool<double>.Shared.Rent(n);
        var activity = ArrayPool<double>.Shared.Rent(n);
        var probability = ArrayPool<double>.Shared.Rent(count);
        try
        {
            for (var i = 0; i < n; i++)
            {
                speed[i] = i == 0 || i == n - 1 ? double.NaN : Math.Abs(mouth[i + 1] - mouth[i - 1]) / 2; // NaN stays NaN
            }

            for (var i = 0; i < n; i++)
            {
                double sum = 0;
                var measured = 0;
                for (var j = Math.Max(0, i - 2); j <= Math.Min(n - 1, i + 2); j++)
                {
                    if (!double.IsNaN(speed[j]))
                    {
                        sum += speed[j];
                        measured++;
                    }
                }

                activity[i] = float.IsNaN(mouth[i]) || measured == 0 ? double.NaN : sum / measured;
            }

            for (var k = 0; k < count; k++)
            {
                probability[k] = speech.Speech[first + k];
            }

            CorrelateAtLags(times, activity.AsSpan(0, n), probability.AsSpan(0, count), [], speech.TimeOf(first), curve);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(speed);
            ArrayPool<double>.Shared.Return(activity);
            ArrayPool<double>.Shared.Return(probability);
        }
    }

    /// <summary>For each lag of <paramref name="curve"/>, the Pearson correlation of <paramref name="x"/> (per frame at
    /// <paramref name="times"/>, NaN skipped) with <paramref name="y"/> (every 10 ms from <paramref name="yStart"/>)
    /// read at each frame's time plus the lag — only where <paramref name="gate"/> (empty: everywhere) is speech.</summary>
    private static void CorrelateAtLags(ReadOnlySpan<double> times, ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<float> gate, double yStart, LagCurve curve)
    {
        for (var lag = 0; lag < curve.Count; lag++)
        {
            var delay = curve.DelayMs(lag) / 1000;
            double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
            var pairs = 0;
            for (var i = 0; i < times.Length; i++)
            {
                if (double.IsNaN(x[i]))
                {
                    continue;
                }

                // Where the frame's sound is heard if the audio is `delay` late.
                var position = (times[i] + delay - yStart) * SpeechTrack.Rate;
                var k = (int)Math.Floor(position);
                if (k < 0 || k + 1 >= y.Length || (!gate.IsEmpty && gate[k] < SpeechProbability))
                {
                    continue;
                }

                var value = y[k] + ((y[k + 1] - y[k]) * (position - k));
                sx += x[i];
                sy += value;
                sxx += x[i] * x[i];
                syy += value * value;
                sxy += x[i] * value;
                pairs++;
            }

            var cov = sxy - (sx * sy / Math.Max(1, pairs));
            var vx = sxx - (sx * sx / Math.Max(1, pairs));
            var vy = syy - (sy * sy / Math.Max(1, pairs));
            if (pairs >= 3 && vx > 1e-12 && vy > 1e-12)
            {
                curve.Add(lag, cov / Math.Sqrt(vx * vy), pairs);
            }
        }
    }

    /// <summary>Each measured value less the mean of the measured values within <paramref name="half"/> of it; NaN stays NaN.</summary>
    private static void Detrend(ReadOnlySpan<float> values, int half, Span<double> result)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (float.IsNaN(values[i]))
            {
                result[i] = double.NaN;
                continue;
            }

            double sum = 0;
            var count = 0;
            for (var j = Math.Max(0, i - half); j <= Math.Min(values.Length - 1, i + half); j++)
            {
                if (!float.IsNaN(values[j]))
                {
                    sum += values[j];
                    count++;
                }
            }

            result[i] = values[i] - (sum / count);
        }
    }

    /// <summary>The mean within <paramref name="half"/> of each value (a running sum: 100 values a second).</summary>
    private static void MovingMean(ReadOnlySpan<double> values, int half, Span<double> result)
    {
        double sum = 0;
        int lo = 0, hi = -1;
        for (var i = 0; i < values.Length; i++)
        {
            var wantLo = Math.Max(0, i - half);
            var wantHi = Math.Min(values.Length - 1, i + half);
            while (hi < wantHi)
            {
                sum += values[++hi];
            }

            while (lo < wantLo)
            {
                sum -= values[lo++];
            }

            result[i] = sum / (hi - lo + 1);
        }
    }
}
