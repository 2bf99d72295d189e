using System.Numerics.Tensors;
using VideoDefects.Analysis;

namespace VideoDefects.Detectors.AvSync;

/// <summary>
/// Content mode: cross-correlates an audio onset signal (rise of short-time energy, 10 ms hops) with a visual change
/// signal (rise of the frame difference the pipeline already computes: cuts, impacts, motion onsets) over lags of
/// ± <c>MaxOffset</c>, one window at a time. A window answers only when its peak stands clearly above the other lags.
/// </summary>
internal sealed class ContentCorrelator
{
    /// <summary>Fewest separate sound onsets in a window for a lag to be measured.</summary>
    private const int MinOnsets = 3;

    /// <summary>Levels below this carry no timing: a rise out of digital silence (stream start, padding) counts
    /// only from here, like any other sound starting out of quiet.</summary>
    private const float NoiseFloorDb = -70;

    /// <summary>A peak's own neighbourhood (80 ms either side): lags within it are the same answer, not rivals.</summary>
    private const int PeakHalfWidthBins = 8;

    /// <summary>Onsets closer than this (100 ms) are one event.</summary>
    private const int OnsetSpacingBins = 10;

    public const int BinsPerSecond = AudioLevelMeter.HopsPerSecond;
    private readonly List<float> _audioDb = [];          // energy per 10 ms hop, dB, from hop _audioBase on
    private readonly AudioLevelMeter _meter;
    private long _audioBase;
    private double _dbSum;
    private long _dbCount;
    private readonly List<(double Time, float Rise)> _video = [];
    private float _previousMafd = float.NaN;
    private float[] _visualScratch = [];
    private float[] _audioScratch = [];
    private float[] _scoresScratch = [];
    private float[] _segmentScratch = [];

    public ContentCorrelator() => _meter = new AudioLevelMeter(AddLevel);

    /// <summary>Seconds of audio seen (hops × 10 ms).</summary>
    public double AudioSeconds => (_audioBase + _audioDb.Count) / (double)BinsPerSecond;

    /// <summary>Mean audio level in dBFS so far (−120 when silent).</summary>
    public double MeanAudioDb => _dbCount == 0 ? -120 : _dbSum / _dbCount;

    /// <summary>Adds a frame's change to the previous frame; <see cref="double.NaN"/> when it has none (the first
    /// frame).</summary>
    public void OnFrame(double time, double mafd)
    {
        if (double.IsNaN(mafd))
        {
            // No previous frame is not "no change": counting it as zero made the second frame a huge visual onset,
            // which matched the first sound after a quiet start (an in-sync clip starting with 0.5 s of quiet was
            // reported 478 ms late with confidence 0.94).
            _video.Add((time, 0));
            return;
        }

        // Relative change: a cut in a dark scene counts as much as one in a bright scene.
        var m = MathF.Log(1 + (float)mafd);
        var rise = float.IsNaN(_previousMafd) ? 0 : Math.Max(0, m - _previousMafd);
        _previousMafd = m;
        _video.Add((time, rise));
    }

    /// <summary>Adds mono samples that start at <paramref name="firstSample"/> (audio sample index from time 0).</summary>
    public void OnAudio(ReadOnlySpan<float> mono, long firstSample, int sampleRate) => _meter.Add(mono, firstSample, sampleRate);

    /// <summary>Estimates the offset over video times [<paramref name="start"/>, <paramref name="end"/>).</summary>
    public (double? DelayMs, double Confidence) Estimate(double start, double end, double maxOffset, double frameDuration)
    {
        var maxLag = (int)Math.Round(maxOffset * BinsPerSecond);
        var n = (int)Math.Round((end - start) * BinsPerSecond);
        var first = (int)(Math.Round(start * BinsPerSecond) - _audioBase);
        if (n < 2 * BinsPerSecond)
        {
            return (null, 0);
        }

        // Hops before the audio starts or after it ends count as silence (no onsets).

        var spread = Math.Max(1, (int)Math.Round(frameDuration * BinsPerSecond));
        var visual = Scratch(ref _visualScratch, n);
        visual.Clear();
        foreach (var (time, rise) in _video)
        {
            var bin = (int)Math.Round((time - start) * BinsPerSecond);
            for (var k = 0; k < spread; k++)
            {
                if (bin + k >= 0 && bin + k < n)
                {
                    visual[bin + k] = Math.Max(visual[bin + k], rise);
                }
            }
        }

        // Audio onsets: energy rises, smoothed to the video's time resolution.
        var total = n + (2 * maxLag);
        var audio = Scratch(ref _audioScratch, total);
        for (var i = 0; i < total; i++)
        {
            var h = first - maxLag + i;
            float sum = 0;
            for (var k = 0; k < spread; k++)
            {
                var j = h - k;
                // Onsets only: rises of more than 3 dB in 10 ms; steady sound and decays carry no timing.
                sum += j >= 1 && j < _audioDb.Count ? Math.Max(0, _audioDb[j] - _audioDb[j - 1] - 3) : 0;
            }

            audio[i] = sum;
        }

        if (!Standardize(visual))
        {
            return (null, 0); // a static picture carries no timing
        }

        // One sound event matched to one picture change is a coincidence, not a measurement (a tone that starts
        // once gave a "confident" -590 ms): a lag is only measured against several separate sound onsets.
        if (CountOnsets(audio.Slice(maxLag, n)) < MinOnsets)
        {
            return (null, 0);
        }

        var scores = Scratch(ref _scoresScratch, (2 * maxLag) + 1);
        var segment = Scratch(ref _segmentScratch, n);
        for (var lag = -maxLag; lag <= maxLag; lag++)
        {
            audio.Slice(maxLag + lag, n).CopyTo(segment);
            scores[lag + maxLag] = Standardize(segment) ? TensorPrimitives.Dot(visual, segment) / n : 0;
        }

        var best = TensorPrimitives.IndexOfMax(scores);
        var peak = scores[best];

        // A peak whose neighbourhood the search range cuts is not a measured maximum: its lobe may go on rising past
        // the range, where the window and the sound overlap least (a 5 s clip whose one matching onset was cut from
        // the start of the sound gave +961 ms, confidence 0.57, at the +1 s edge).
        if (best < PeakHalfWidthBins || best > scores.Length - 1 - PeakHalfWidthBins)
        {
            return (null, 0);
        }

        // The strongest other lag beyond the peak's neighbourhood: a clear peak stands far above it.
        var rival = float.MinValue;
        for (var i = 0; i < scores.Length; i++)
        {
            if (Math.Abs(i - best) > PeakHalfWidthBins)
            {
                rival = Math.Max(rival, scores[i]);
            }
        }

        var mean = TensorPrimitives.Average(scores);
        var deviation = TensorPrimitives.StdDev(scores);
        if (!(peak > 0) || deviation <= 0)
        {
            return (null, 0);
        }

        // Sub-bin refinement by a parabola through the peak and its neighbours.
        var offset = 0.0;
        if (best > 0 && best < scores.Length - 1)
        {
            var (a, b, c) = (scores[best - 1], peak, scores[best + 1]);
            var denominator = a - (2 * b) + c;
            offset = denominator != 0 ? Math.Clamp(0.5 * (a - c) / denominator, -0.5, 0.5) : 0;
        }

        var delayMs = (best - maxLag + offset) * (1000.0 / BinsPerSecond);
        var z = (peak - mean) / deviation;
        var margin = (peak - rival) / peak;
        var confidence = Math.Clamp((z - 3) / 4, 0, 1) * Math.Clamp(margin / 0.3, 0, 1) * Math.Clamp(peak / 0.15, 0, 1);
        return (delayMs, Math.Round(confidence, 3));
    }

    /// <summary>Separate sound onsets: runs of rising energy at least <see cref="OnsetSpacingBins"/> apart.</summary>
    private static int CountOnsets(ReadOnlySpan<float> audio)
    {
        var count = 0;
        var last = -OnsetSpacingBins;
        for (var i = 1; i < audio.Length; i++)
        {
            if (audio[i] > 0 && audio[i - 1] <= 0 && i - last >= OnsetSpacingBins)
            {
                count++;
                last = i;
            }
        }

        return count;
    }

    /// <summary>Drops what no window starting at or after <paramref name="time"/> can need (memory stays bounded
    /// on endless live streams).</summary>
    public void Forget(double time, double maxOffset)
    {
        _video.RemoveAll(v => v.Time < time - 1);
        var keepFrom = (long)Math.Floor((time - maxOffset - 1) * BinsPerSecond);
        var drop = (int)Math.Clamp(keepFrom - _audioBase, 0, _audioDb.Count);
        if (drop > 0)
        {
            _audioDb.RemoveRange(0, drop);
            _audioBase += drop;
        }
    }

    public void Save(BinaryWriter w)
    {
        w.WriteArray(_audioDb.ToArray());
        w.Write(_audioBase);
        w.Write(_dbSum);
        w.Write(_dbCount);
        w.WriteArray(_video.Select(v => v.Time).ToArray());
        w.WriteArray(_video.Select(v => v.Rise).ToArray());
        w.Write(_previousMafd);
        _meter.Save(w);
    }

    public void Restore(BinaryReader r)
    {
        _audioDb.Clear();
        _audioDb.AddRange(r.ReadArray<float>() ?? []);
        _audioBase = r.ReadInt64();
        _dbSum = r.ReadDouble();
        _dbCount = r.ReadInt64();
        var times = r.ReadArray<double>() ?? [];
        var rises = r.ReadArray<float>() ?? [];
        _video.Clear();
        _video.AddRange(times.Zip(rises));
        _previousMafd = r.ReadSingle();
        _meter.Restore(r);
    }

    private void AddLevel(float db)
    {
        _audioDb.Add(Math.Max(db, NoiseFloorDb));
        _dbSum += db;
        _dbCount++;
    }

    /// <summary>A reusable buffer of at least <paramref name="length"/>, so windows allocate nothing once warmed up.</summary>
    private static Span<float> Scratch(ref float[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            buffer = new float[length];
        }

        return buffer.AsSpan(0, length);
    }

    /// <summary>Zero mean, unit variance in place; false when the signal is flat.</summary>
    private static bool Standardize(Span<float> values)
    {
        var mean = TensorPrimitives.Average(values);
        TensorPrimitives.Subtract(values, mean, values);
        var norm = TensorPrimitives.Norm(values);
        if (norm < 1e-6f)
        {
            return false;
        }

        TensorPrimitives.Divide(values, norm / MathF.Sqrt(values.Length), values);
        return true;
    }
}
