namespace VideoDefects.LipSync.Sync;

/// <summary>How well mouth movement explains the speech at each candidate audio delay: the correlation per lag,
/// pooled over windows (weighted by the pairs each window had), and the peak read from it.</summary>
internal sealed class LagCurve
{
    private readonly double[] _weightedR;
    private readonly double[] _pairs;

    public LagCurve(int maxOffsetMs, int stepMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stepMs);
        StepMs = stepMs;
        Count = (2 * (maxOffsetMs / stepMs)) + 1;
        _weightedR = new double[Count];
        _pairs = new double[Count];
    }

    /// <summary>Lag spacing.</summary>
    public int StepMs { get; }

    /// <summary>Lags held, from −max to +max.</summary>
    public int Count { get; }

    /// <summary>The delay (ms, positive: audio late) of lag <paramref name="i"/>.</summary>
    public double DelayMs(int i) => (i - (Count / 2)) * StepMs;

    /// <summary>The pooled correlation at lag <paramref name="i"/> (0 where no pairs).</summary>
    public double R(int i) => _pairs[i] > 0 ? _weightedR[i] / _pairs[i] : 0;

    /// <summary>Pairs behind lag <paramref name="i"/>.</summary>
    public double Pairs(int i) => _pairs[i];

    /// <summary>Adds a window's correlation <paramref name="r"/> over <paramref name="pairs"/> pairs at lag <paramref name="i"/>.</summary>
    public void Add(int i, double r, double pairs)
    {
        _weightedR[i] += r * pairs;
        _pairs[i] += pairs;
    }

    /// <summary>Adds every lag of <paramref name="other"/>.</summary>
    public void Add(LagCurve other)
    {
        for (var i = 0; i < Count; i++)
        {
            _weightedR[i] += other._weightedR[i];
            _pairs[i] += other._pairs[i];
        }
    }

    public void Clear()
    {
        Array.Clear(_weightedR);
        Array.Clear(_pairs);
    }

    /// <summary>The peak. Which lag wins is decided on this curve plus <paramref name="rhythmWeight"/> × <paramref name="rhythm"/>
    /// (a slower, less periodic correlation that tells apart lags this one's syllable rhythm makes look alike); the
    /// delay is then read from this curve alone near that lag (within half of <paramref name="apartMs"/>), refined
    /// between lags by a parabola. The rival is the best combined score at least <paramref name="apartMs"/> away.</summary>
    public LagPeak Peak(double apartMs, LagCurve? rhythm = null, double rhythmWeight = 0)
    {
        if (rhythm is not null && rhythm.Count != Count)
        {
            throw new ArgumentException("Curves of different lags.", nameof(rhythm));
        }

        double Score(int i) => R(i) + (rhythm is null ? 0 : rhythmWeight * rhythm.R(i));
        var best = -1;
        for (var i = 0; i < Count; i++)
        {
            if (_pairs[i] > 0 && (best < 0 || Score(i) > Score(best)))
            {
                best = i;
            }
        }

        if (best < 0)
        {
            return new LagPeak(double.NaN, 0, 0, 0, 0);
        }

        var rival = double.NegativeInfinity;
        var local = best;
        for (var i = 0; i < Count; i++)
        {
            if (_pairs[i] <= 0)
            {
                continue;
            }

            var apart = Math.Abs(DelayMs(i) - DelayMs(best));
            if (apart >= apartMs)
            {
                rival = Math.Max(rival, Score(i));
            }
            else if (apart <= apartMs / 2 && R(i) > R(local))
            {
                local = i;
            }
        }

        var delay = DelayMs(local);
        if (local > 0 && local < Count - 1 && _pairs[local - 1] > 0 && _pairs[local + 1] > 0)
        {
            double a = R(local - 1), b = R(local), c = R(local + 1);
            var curvature = a - (2 * b) + c;
            if (curvature < 0)
            {
                delay += Math.Clamp(0.5 * (a - c) / curvature, -0.5, 0.5) * StepMs;
            }
        }

        return new LagPeak(delay, R(local), Score(best), double.IsNegativeInfinity(rival) ? 0 : rival, _pairs[local]);
    }

    /// <summary>The sums, for a checkpoint.</summary>
    public double[] ToArray() => [.. _weightedR, .. _pairs];

    /// <summary>Restores sums written by <see cref="ToArray"/>.</summary>
    public void Restore(double[] values)
    {
        if (values.Length != 2 * Count)
        {
            throw new ArgumentException("Lag curve of another size.", nameof(values));
        }

        values.AsSpan(0, Count).CopyTo(_weightedR);
        values.AsSpan(Count).CopyTo(_pairs);
    }
}

/// <summary>The peak of a <see cref="LagCurve"/>.</summary>
/// <param name="DelayMs">Audio delay at the peak (positive: audio late); NaN when the curve is empty.</param>
/// <param name="R">The curve's own correlation there.</param>
/// <param name="Score">The combined score that chose the peak.</param>
/// <param name="RivalScore">Best combined score at a clearly different delay.</param>
/// <param name="Pairs">Frame pairs (speech with a measured mouth) behind the peak.</param>
internal readonly record struct LagPeak(double DelayMs, double R, double Score, double RivalScore, double Pairs);
