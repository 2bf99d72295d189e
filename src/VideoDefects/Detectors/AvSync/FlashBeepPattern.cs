using VideoDefects.Analysis;

namespace VideoDefects.Detectors.AvSync;

/// <summary>
/// Test-pattern mode: finds white flashes (frame-exact: a frame far brighter than the one before) and beeps
/// (sample-exact: sound starting after at least 100 ms of near silence), and, when both repeat regularly, pairs each
/// beep with its nearest flash. The offset is then measured to the sample, not estimated.
/// </summary>
internal sealed class FlashBeepPattern
{
    private const double FlashJump = 60;         // levels of mean luma
    private const float BeepLevel = 0.05f;       // −26 dBFS
    private const float SilenceLevel = 0.01f;    // −40 dBFS
    private const double MinSilence = 0.1;       // seconds of silence before a beep
    private readonly List<double> _flashes = [];
    private readonly List<double> _beeps = [];
    private double _previousMean = double.NaN;
    private long _quietSamples;

    public IReadOnlyList<double> Flashes => _flashes;

    public IReadOnlyList<double> Beeps => _beeps;

    public void OnFrame(double time, double meanLuma)
    {
        if (!double.IsNaN(_previousMean) && meanLuma >= _previousMean + FlashJump && meanLuma >= 128 && _flashes.Count < 100_000)
        {
            _flashes.Add(time);
        }

        _previousMean = meanLuma;
    }

    /// <summary>Scans mono samples starting at <paramref name="startTime"/>.</summary>
    public void OnAudio(ReadOnlySpan<float> mono, double startTime, int sampleRate)
    {
        var minQuiet = (long)(MinSilence * sampleRate);
        for (var i = 0; i < mono.Length; i++)
        {
            var level = Math.Abs(mono[i]);
            if (level >= BeepLevel && _quietSamples >= minQuiet && _beeps.Count < 100_000)
            {
                _beeps.Add(startTime + ((double)i / sampleRate));
            }

            _quietSamples = level < SilenceLevel ? _quietSamples + 1 : 0;
        }
    }

    /// <summary>The offset (ms, positive = audio late) when the input is a flash/beep pattern, else null.</summary>
    public (double DelayMs, double Confidence, int Pairs)? Estimate(double maxOffsetSeconds)
    {
        if (_flashes.Count < 3 || _beeps.Count < 3 || !IsRegular(_flashes, out var period) || !IsRegular(_beeps, out _))
        {
            return null;
        }

        // A pattern repeats, so only offsets within half its period are unambiguous.
        var reach = Math.Min(maxOffsetSeconds, period / 2);
        var offsets = new List<double>();
        foreach (var beep in _beeps)
        {
            var nearest = Nearest(_flashes, beep);
            if (Math.Abs(beep - nearest) < reach)
            {
                offsets.Add(beep - nearest);
            }
        }

        if (offsets.Count < 3)
        {
            return null;
        }

        offsets.Sort();
        var median = offsets[offsets.Count / 2];
        var spread = offsets.Select(o => Math.Abs(o - median)).Order().ElementAt(offsets.Count / 2);
        var confidence = Math.Clamp(1 - (spread / 0.02), 0.5, 0.99);
        return (median * 1000, confidence, offsets.Count);
    }

    public void Save(BinaryWriter w)
    {
        w.WriteArray(_flashes.ToArray());
        w.WriteArray(_beeps.ToArray());
        w.Write(_previousMean);
        w.Write(_quietSamples);
    }

    public void Restore(BinaryReader r)
    {
        _flashes.Clear();
        _flashes.AddRange(r.ReadArray<double>() ?? []);
        _beeps.Clear();
        _beeps.AddRange(r.ReadArray<double>() ?? []);
        _previousMean = r.ReadDouble();
        _quietSamples = r.ReadInt64();
    }

    /// <summary>Whether most onsets sit on a regular grid. Tolerates a missing onset (a frozen or damaged flash) or
    /// a spurious one: the period is the median interval, and 70 % of onsets must fall within 10 % of it on the grid.</summary>
    private static bool IsRegular(List<double> onsets, out double period)
    {
        var intervals = new List<double>();
        for (var i = 1; i < onsets.Count; i++)
        {
            intervals.Add(onsets[i] - onsets[i - 1]);
        }

        intervals.Sort();
        period = intervals[intervals.Count / 2];
        if (period <= 0.1)
        {
            return false;
        }

        var p = period;
        var phases = onsets.Select(t => ((t % p) + p) % p).Order().ToList();
        var anchor = phases[phases.Count / 2];
        var onGrid = phases.Count(phase =>
        {
            var d = Math.Abs(phase - anchor);
            return Math.Min(d, p - d) <= 0.1 * p;
        });
        return onGrid >= 0.7 * onsets.Count;
    }

    private static double Nearest(List<double> sorted, double value)
    {
        var i = sorted.BinarySearch(value);
        if (i >= 0)
        {
            return sorted[i];
        }

        i = ~i;
        if (i == 0)
        {
            return sorted[0];
        }

        if (i == sorted.Count)
        {
            return sorted[^1];
        }

        return value - sorted[i - 1] <= sorted[i] - value ? sorted[i - 1] : sorted[i];
    }
}
