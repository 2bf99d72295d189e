using System.Buffers;
using VideoDefects.LipSync.Speech;

namespace VideoDefects.LipSync.Sync;

/// <summary>One window's correlation between mouth opening and the speech envelope at every candidate delay, over the
/// frames where the mouth was measured and the sound at the delayed time is speech. Both signals lose their slow
/// trend (a moving mean over <see cref="TrendSeconds"/>) so that head movement and loudness changes do not count;
/// the envelope is averaged over a frame's duration so that both sides have the picture's time resolution.</summary>
internal static class MouthSpeechCorrelation
{
    /// <summary>Half-width of the moving mean removed from both signals (syllables come 3–7 times a second).</summary>
    public const double TrendSeconds = 0.5;

    /// <summary>The speech probability above which the sound counts as speech.</summary>
    public const float SpeechProbability = 0.5f;

    /// <summary>Adds to <paramref name="curve"/> the correlation of <paramref name="mouth"/> (one value per frame at
    /// <paramref name="times"/>; NaN where no mouth was measured) with <paramref name="speech"/> at each lag.</summary>
    public static void Add(ReadOnlySpan<double> times, ReadOnlySpan<float> mouth, SpeechTrack speech, double frameDuration, LagCurve curve)
    {
        var n = times.Length;
        if (n < 2 || speech.Envelope.End == speech.Envelope.Start)
        {
            return;
        }

        var mouthFlat = ArrayPool<double>.Shared.Rent(n);
        try
        {
            var half = Math.Max(1, (int)Math.Round(TrendSeconds / frameDuration));
            Detrend(mouth, half, mouthFlat.AsSpan(0, n));

            // The envelope over the window and every lag's reach, smoothed to a frame and detrended.
            var first = speech.Envelope.Start;
            var count = (int)(speech.Envelope.End - first);
            var envelope = ArrayPool<float>.Shared.Rent(count);
            var smooth = ArrayPool<double>.Shared.Rent(count);
            var flat = ArrayPool<double>.Shared.Rent(count);
            try
            {
                for (var k = 0; k < count; k++)
                {
                    envelope[k] = speech.Envelope[first + k];
                }

                var frameHalf = Math.Max(0, (int)Math.Round(frameDuration * SpeechTrack.Rate / 2) - 1);
                MovingMean(envelope.AsSpan(0, count), frameHalf, smooth.AsSpan(0, count));
                var trendHalf = (int)Math.Round(TrendSeconds * SpeechTrack.Rate);
                MovingMean(smooth.AsSpan(0, count), trendHalf, flat.AsSpan(0, count));
                for (var k = 0; k < count; k++)
                {
                    flat[k] = smooth[k] - flat[k];
                }

                for (var lag = 0; lag < curve.Count; lag++)
                {
                    var delay = curve.DelayMs(lag) / 1000;
                    double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
                    var pairs = 0;
                    for (var i = 0; i < n; i++)
                    {
                        var x = mouthFlat[i];
                        if (double.IsNaN(x))
                        {
                            continue;
                        }

                        // Value index at the time the frame's sound is heard if the audio is `delay` late.
                        var position = ((times[i] + delay - speech.Origin) * SpeechTrack.Rate) - 1 - first;
                        var k0 = (int)Math.Floor(position);
                        if (k0 < 0 || k0 + 1 >= count || speech.Speech[first + k0] < SpeechProbability)
                        {
                            continue;
                        }

                        var f = position - k0;
                        var y = flat[k0] + ((flat[k0 + 1] - flat[k0]) * f);
                        sx += x;
                        sy += y;
                        sxx += x * x;
                        syy += y * y;
                        sxy += x * y;
                        pairs++;
                    }

                    if (pairs < 3)
                    {
                        continue;
                    }

                    var cov = sxy - (sx * sy / pairs);
                    var vx = sxx - (sx * sx / pairs);
                    var vy = syy - (sy * sy / pairs);
                    if (vx > 1e-12 && vy > 1e-12)
                    {
                        curve.Add(lag, cov / Math.Sqrt(vx * vy), pairs);
                    }
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(envelope);
                ArrayPool<double>.Shared.Return(smooth);
                ArrayPool<double>.Shared.Return(flat);
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(mouthFlat);
        }
    }

    /// <summary>Adds to <paramref name="curve"/> the correlation of how fast the mouth moves (its opening's change,
    /// averaged over ±2 frames) with the speech probability at each lag, over every frame with a measured mouth: when
    /// someone talks and when they pause, a slower rhythm than syllables that tells apart delays the syllable rhythm
    /// cannot.</summary>
    public static void AddActivity(ReadOnlySpan<double> times, ReadOnlySpan<float> mouth, SpeechTrack speech, LagCurve curve)
    {
        var n = times.Length;
        if (n < 5 || speech.Speech.End == speech.Speech.Start)
        {
            return;
        }

        var speed = ArrayPool<double>.Shared.Rent(n);
        var activity = ArrayPool<double>.Shared.Rent(n);
        try
        {
            for (var i = 0; i < n; i++)
            {
                speed[i] = i == 0 || i == n - 1 || float.IsNaN(mouth[i - 1]) || float.IsNaN(mouth[i + 1]) ? double.NaN : Math.Abs(mouth[i + 1] - mouth[i - 1]) / 2;
            }

            for (var i = 0; i < n; i++)
            {
                double sum = 0;
                var count = 0;
                for (var j = Math.Max(0, i - 2); j <= Math.Min(n - 1, i + 2); j++)
                {
                    if (!double.IsNaN(speed[j]))
                    {
                        sum += speed[j];
                        count++;
                    }
                }

                activity[i] = float.IsNaN(mouth[i]) || count == 0 ? double.NaN : sum / count;
            }

            var first = speech.Speech.Start;
            var count2 = (int)(speech.Speech.End - first);
            for (var lag = 0; lag < curve.Count; lag++)
            {
                var delay = curve.DelayMs(lag) / 1000;
                double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
                var pairs = 0;
                for (var i = 0; i < n; i++)
                {
                    var x = activity[i];
                    if (double.IsNaN(x))
                    {
                        continue;
                    }

                    var position = ((times[i] + delay - speech.Origin) * SpeechTrack.Rate) - 1 - first;
                    var k0 = (int)Math.Floor(position);
                    if (k0 < 0 || k0 + 1 >= count2)
                    {
                        continue;
                    }

                    var f = position - k0;
                    var y = speech.Speech[first + k0] + ((speech.Speech[first + k0 + 1] - speech.Speech[first + k0]) * f);
                    sx += x;
                    sy += y;
                    sxx += x * x;
                    syy += y * y;
                    sxy += x * y;
                    pairs++;
                }

                if (pairs < 3)
                {
                    continue;
                }

                var cov = sxy - (sx * sy / pairs);
                var vx = sxx - (sx * sx / pairs);
                var vy = syy - (sy * sy / pairs);
                if (vx > 1e-12 && vy > 1e-12)
                {
                    curve.Add(lag, cov / Math.Sqrt(vx * vy), pairs);
                }
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(speed);
            ArrayPool<double>.Shared.Return(activity);
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

    private static void MovingMean<T>(ReadOnlySpan<T> values, int half, Span<double> result)
        where T : System.Numerics.INumberBase<T>
    {
        // Running sum: the envelope holds 100 values a second of a window plus its lags.
        double sum = 0;
        int lo = 0, hi = -1;
        for (var i = 0; i < values.Length; i++)
        {
            var wantLo = Math.Max(0, i - half);
            var wantHi = Math.Min(values.Length - 1, i + half);
            while (hi < wantHi)
            {
                sum += double.CreateTruncating(values[++hi]);
            }

            while (lo < wantLo)
            {
                sum -= double.CreateTruncating(values[lo++]);
            }

            result[i] = sum / (hi - lo + 1);
        }
    }
}
