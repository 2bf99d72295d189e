using System.Numerics.Tensors;
using VideoDefects.Reports;

namespace VideoDefects.Detectors.AvSync.Reference;

/// <summary>
/// Measures a copy's audio/video offset against its reference: the copy's picture is aligned with the reference's
/// picture, its sound with the reference's sound, each by normalised cross-correlation on a 10 ms grid with
/// sub-step (parabolic) refinement; the difference of the two delays is how much later the copy's sound is than its
/// picture, compared with the source. Needs no speech, faces or test pattern — only a picture that changes and a sound
/// that is not silent; otherwise there is no estimate, with the reason.
/// </summary>
/// <remarks>
/// What is correlated are changes, not levels: for the picture, how each of the 16 cells of the active picture changed
/// over the last frame period (so brightness and contrast changes, scaling, small crops, letterboxing, a different
/// frame rate and dropped frames do not matter); for the sound, how the level in dB changed over 20 ms (so gain,
/// codec, resampling and down-mixing do not matter).
/// </remarks>
public static class ReferenceAligner
{
    private const double Tick = 1.0 / SyncSignature.AudioBinsPerSecond;

    /// <summary>Sound below this level (dBFS) is counted at this level: rises out of digital silence (padding, a
    /// delayed start) must not outweigh the programme.</summary>
    private const float AudioFloorDb = -70;

    /// <summary>A whole-input alignment needs a normalised correlation of at least this…</summary>
    private const double MinPeak = 0.3;

    /// <summary>…standing this much above any other lag more than a few frames away.</summary>
    private const double MinMargin = 0.08;

    /// <summary>Shortest overlap (seconds) of copy and reference at a lag for the lag to be considered (see
    /// <see cref="Peak"/>).</summary>
    private const double MinOverlapSeconds = 2;

    /// <summary>Per-window estimates search this far (seconds) either side of the whole-input delays, so drift
    /// shows without letting one window wander to a far lag.</summary>
    private const double WindowSearchSeconds = 0.2;

    /// <summary>
    /// Compares <paramref name="copy"/> with <paramref name="reference"/>: the copy's audio delay relative to its
    /// picture (positive: sound late), the copy picture's delay against the reference (<see cref="AvSyncReport.VideoDelayMs"/>),
    /// and the same per <paramref name="window"/> of the copy.
    /// </summary>
    /// <param name="copy">The signature of the analysed input.</param>
    /// <param name="reference">The signature of its source.</param>
    /// <param name="maxOffset">Largest delay searched either way, for picture and sound alike (default 10 s).</param>
    /// <param name="window">Length of the per-window estimates (default 10 s).</param>
    public static AvSyncReport Compare(SyncSignature copy, SyncSignature reference, TimeSpan? maxOffset = null, TimeSpan? window = null)
    {
        ArgumentNullException.ThrowIfNull(copy);
        ArgumentNullException.ThrowIfNull(reference);
        var maxLag = (int)Math.Round((maxOffset ?? TimeSpan.FromSeconds(10)).TotalSeconds / Tick);
        var windowTicks = Math.Max(200, (int)Math.Round((window ?? TimeSpan.FromSeconds(10)).TotalSeconds / Tick));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLag, nameof(maxOffset));

        if (!copy.HasAudio || !reference.HasAudio)
        {
            return Abstain(copy.HasAudio ? "the reference has no sound" : "the copy has no sound");
        }

        if (copy.MeanAudioDb < AudioFloorDb || reference.MeanAudioDb < AudioFloorDb)
        {
            return Abstain("the sound is silent: nothing to align");
        }

        // One frame period of the slower stream: a picture change is spread over it, so streams of different frame
        // rates (25 and 50, 29.97 and 30) meet on the same grid.
        var hold = Math.Max(1, (int)Math.Round(Math.Max(1 / copy.FrameRate, 1 / reference.FrameRate) / Tick));
        var copyVideo = new Series(VideoChanges(copy, hold), SyncSignature.Cells);
        var referenceVideo = new Series(VideoChanges(reference, hold), SyncSignature.Cells);
        var copyAudio = new Series(AudioChanges(copy), 1);
        var referenceAudio = new Series(AudioChanges(reference), 1);
        var exclusion = Math.Max(3 * hold, 10);

        var video = Peak(copyVideo, referenceVideo, -maxLag, maxLag, exclusion, 0, int.MaxValue);
        var audio = Peak(copyAudio, referenceAudio, -maxLag, maxLag, exclusion, 0, int.MaxValue);
        var whole = Distinct(video) && Distinct(audio);

        // Per window: near the whole-input delays when there are some (drift shows), else searched afresh — the offset
        // may change along the input (an edit, a dropout in one stream), so that no single delay fits it all.
        var windows = new List<AvSyncWindow>();
        var searched = 0;
        var windowDelays = new List<(double Audio, double Video)>();
        var ticks = copyVideo.Ticks;
        var search = (int)Math.Round(WindowSearchSeconds / Tick);
        for (var start = 0; start < ticks; start += windowTicks)
        {
            var end = Math.Min(ticks, start + windowTicks);
            if (end - start < windowTicks / 2 && start > 0)
            {
                break;
            }

            var (vFrom, vTo, aFrom, aTo) = whole
                ? ((int)Math.Floor(video!.Value.Lag) - search, (int)Math.Ceiling(video.Value.Lag) + search, (int)Math.Floor(audio!.Value.Lag) - search, (int)Math.Ceiling(audio.Value.Lag) + search)
                : (-maxLag, maxLag, -maxLag, maxLag);
            // Searched afresh, a window is answered only where the reference was recorded at every delay searched: a
            // reference fingerprinted in samples may lack the true delay's stretch, and the best of the others is then
            // a match of something that repeats, not an answer.
            var searchable = whole || (referenceVideo.Covers(start + vFrom, end + vTo) && referenceAudio.Covers(start + aFrom, end + aTo));
            var wv = searchable ? Peak(copyVideo, referenceVideo, vFrom, vTo, exclusion, start, end) : null;
            var wa = searchable ? Peak(copyAudio, referenceAudio, aFrom, aTo, exclusion, start, end) : null;
            searched += searchable ? 1 : 0;
            var answered = whole ? wv is { Score: >= MinPeak } && wa is { Score: >= MinPeak } : Distinct(wv) && Distinct(wa);
            if (answered)
            {
                windowDelays.Add(((wa!.Value.Lag - wv!.Value.Lag) * Tick * 1000, wv.Value.Lag * Tick * 1000));
            }

            windows.Add(new AvSyncWindow(
                Math.Round(start * Tick, 3),
                Math.Round(end * Tick, 3),
                answered ? Math.Round(windowDelays[^1].Audio, 1) : null,
                answered ? Math.Round(Math.Min(wv!.Value.Score, wa!.Value.Score), 3) : 0));
        }

        if (whole)
        {
            var (v, a) = (video!.Value, audio!.Value);
            var confidence = Math.Clamp(Math.Min(v.Margin, a.Margin) * 4, 0, 1) * Math.Min(v.Score, a.Score);
            return new AvSyncReport
            {
                AudioDelayMs = Math.Round((a.Lag - v.Lag) * Tick * 1000, 1),
                VideoDelayMs = Math.Round(v.Lag * Tick * 1000, 1),
                Confidence = Math.Round(Math.Clamp(confidence, 0.05, 1), 3),
                Method = AvSyncMethods.Reference,
                Windows = windows,
            };
        }

        if (windowDelays.Count > 0 && windowDelays.Count * 2 >= searched)
        {
            // Most windows measured: one answer if they agree (within a frame), else the offset changes along the input.
            var median = windowDelays.OrderBy(d => d.Audio).ElementAt(windowDelays.Count / 2);
            var agreeing = windowDelays.Count(d => Math.Abs(d.Audio - median.Audio) <= hold * Tick * 1000);
            return agreeing * 4 >= windowDelays.Count * 3
                ? new AvSyncReport
                {
                    AudioDelayMs = Math.Round(median.Audio, 1),
                    VideoDelayMs = Math.Round(median.Video, 1),
                    Confidence = Math.Round(0.8 * agreeing / searched, 3),
                    Method = AvSyncMethods.Reference,
                    Windows = windows,
                }
                : Abstain("the offset changes along the input: see the windows", windows);
        }

        return !Distinct(video)
            ? Abstain(video is null || video.Value.Score < MinPeak
                ? $"the picture does not change enough, or does not match the reference{Describe(video)}"
                : $"the picture matches the reference at several delays (repetitive or too static){Describe(video)}", windows)
            : Abstain(audio is null || audio.Value.Score < MinPeak
                ? $"the sound does not match the reference{Describe(audio)}"
                : $"the sound matches the reference at several delays (repetitive){Describe(audio)}", windows);
    }

    /// <summary>A match clear enough to answer: strong, and standing above every other lag.</summary>
    private static bool Distinct(Match? match) => match is { Score: >= MinPeak, Margin: >= MinMargin };

    /// <summary>The figures behind an abstention, for the reason text.</summary>
    private static string Describe(Match? match) => match is { } m
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $": best match {m.Score:0.00} at {m.Lag * Tick * 1000:0} ms, next {m.Score - m.Margin:0.00} at {m.SecondLag * Tick * 1000:0} ms")
        : "";

    private static AvSyncReport Abstain(string reason, IReadOnlyList<AvSyncWindow>? windows = null) =>
        new() { AudioDelayMs = null, Confidence = 0, Method = AvSyncMethods.Reference, Reason = reason, Windows = windows };

    /// <summary>Per 10 ms tick, how each cell of the picture shown then differs from the picture shown
    /// <paramref name="hold"/> ticks earlier (row-major ticks × cells).</summary>
    private static float[] VideoChanges(SyncSignature s, int hold)
    {
        var times = s.FrameTimes;
        var cells = s.CellValues;
        if (times.Count == 0)
        {
            return [];
        }

        var ticks = (int)Math.Ceiling((times[^1] + (1 / s.FrameRate)) / Tick);
        var shown = new float[ticks * SyncSignature.Cells];
        var frame = 0;
        for (var t = 0; t < ticks; t++)
        {
            // The frame on screen at this tick: the last one whose time has come.
            while (frame + 1 < times.Count && times[frame + 1] <= (t + 0.5) * Tick)
            {
                frame++;
            }

            for (var c = 0; c < SyncSignature.Cells; c++)
            {
                shown[(t * SyncSignature.Cells) + c] = cells[(frame * SyncSignature.Cells) + c];
            }
        }

        var changes = new float[shown.Length];
        for (var t = hold; t < ticks; t++)
        {
            TensorPrimitives.Subtract(
                shown.AsSpan(t * SyncSignature.Cells, SyncSignature.Cells),
                shown.AsSpan((t - hold) * SyncSignature.Cells, SyncSignature.Cells),
                changes.AsSpan(t * SyncSignature.Cells, SyncSignature.Cells));
        }

        return changes;
    }

    /// <summary>Per 10 ms tick, the change of the sound's level (dB, floored) over the last 20 ms.</summary>
    private static float[] AudioChanges(SyncSignature s)
    {
        var db = s.AudioDb;
        var changes = new float[db.Count];
        for (var t = 2; t < db.Count; t++)
        {
            changes[t] = Math.Max(AudioFloorDb, db[t]) - Math.Max(AudioFloorDb, db[t - 2]);
        }

        return changes;
    }

    /// <summary>The lag (ticks; positive: the copy is later) at which the copy's ticks [<paramref name="from"/>,
    /// <paramref name="to"/>) best match the reference, refined between ticks; its normalised correlation; and how far
    /// it stands above the best lag outside ± <paramref name="exclusion"/> ticks. Null when no lag overlaps enough.</summary>
    private static Match? Peak(Series copy, Series reference, int minLag, int maxLag, int exclusion, int from, int to)
    {
        var dims = copy.Dims;
        to = Math.Min(to, copy.Ticks);
        // Correlation over a short overlap is noise that can look like a match: a lag counts only where copy and
        // reference overlap for at least half the shorter of the two (a window: half the window), and two seconds —
        // counting recorded ticks only (a reference fingerprinted in samples has stretches that were not).
        var copyTicks = copy.RecordedTicks(from, to);
        var minOverlap = Math.Max(Math.Min((int)(MinOverlapSeconds / Tick), copyTicks), Math.Min(copyTicks, reference.RecordedTicks(0, reference.Ticks)) / 2);
        var scores = new double[maxLag - minLag + 1];
        var best = -1;
        for (var lag = minLag; lag <= maxLag; lag++)
        {
            // Copy tick t shows what the reference showed at t - lag.
            var t0 = Math.Max(from, lag);
            var t1 = Math.Min(to, reference.Ticks + lag);
            var i = lag - minLag;
            scores[i] = double.NaN;
            if (t1 - t0 < minOverlap)
            {
                continue;
            }

            var (overlap, ec, er) = Overlap(copy, reference, t0, t1, lag);
            if (overlap < minOverlap)
            {
                continue;
            }

            var dot = TensorPrimitives.Dot(copy.Values.AsSpan(t0 * dims, (t1 - t0) * dims), reference.Values.AsSpan((t0 - lag) * dims, (t1 - t0) * dims));
            scores[i] = ec > 1e-9 && er > 1e-9 ? dot / Math.Sqrt(ec * er) : 0;
            best = best < 0 || scores[i] > scores[best] ? i : best;
        }

        if (best < 0)
        {
            return null;
        }

        var second = 0.0;
        var secondLag = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            if (Math.Abs(i - best) > exclusion && !double.IsNaN(scores[i]) && scores[i] > second)
            {
                (second, secondLag) = (scores[i], i + minLag);
            }
        }

        // Between ticks: the vertex of the parabola through the peak and its neighbours.
        var offset = 0.0;
        if (best > 0 && best < scores.Length - 1 && !double.IsNaN(scores[best - 1]) && !double.IsNaN(scores[best + 1]))
        {
            var (l, c, r) = (scores[best - 1], scores[best], scores[best + 1]);
            var curvature = l - (2 * c) + r;
            offset = curvature < 0 ? Math.Clamp(0.5 * (l - r) / curvature, -0.5, 0.5) : 0;
        }

        return new Match(best + minLag + offset, scores[best], scores[best] - second, secondLag);
    }

    /// <summary>Copy ticks [<paramref name="t0"/>, <paramref name="t1"/>) against the reference at
    /// <paramref name="lag"/>: how many ticks both recorded, and each side's energy over those ticks. Two lookups each
    /// where neither has unrecorded stretches; otherwise one side's energies are summed under the other's mask (unrecorded
    /// ticks hold zeros, so the correlation itself needs no mask).</summary>
    private static (int Ticks, double CopyEnergy, double ReferenceEnergy) Overlap(Series copy, Series reference, int t0, int t1, int lag)
    {
        var (r0, r1) = (t0 - lag, t1 - lag);
        var ticks = (copy.Mask, reference.Mask) switch
        {
            (null, null) => t1 - t0,
            (null, _) => reference.RecordedTicks(r0, r1),
            (_, null) => copy.RecordedTicks(t0, t1),
            var (c, r) => (int)Math.Round(TensorPrimitives.Dot(c.AsSpan(t0, t1 - t0), r.AsSpan(r0, t1 - t0))),
        };
        var ec = reference.Mask is { } rm ? TensorPrimitives.Dot(copy.TickEnergy.AsSpan(t0, t1 - t0), rm.AsSpan(r0, t1 - t0)) : copy.Energy[t1] - copy.Energy[t0];
        var er = copy.Mask is { } cm ? TensorPrimitives.Dot(reference.TickEnergy.AsSpan(r0, t1 - t0), cm.AsSpan(t0, t1 - t0)) : reference.Energy[r1] - reference.Energy[r0];
        return (ticks, ec, er);
    }

    /// <summary>A signal on the 10 ms grid, <see cref="Dims"/> values per tick, with the running sums of each tick's
    /// squared norm (computed once), so any overlap's energy is two lookups. Ticks that were not recorded (NaN) are
    /// zeroed and left out by <see cref="Mask"/>.</summary>
    private sealed class Series
    {
        private readonly int[] _recorded;

        public Series(float[] values, int dims)
        {
            (Values, Dims) = (values, dims);
            Energy = new double[Ticks + 1];
            TickEnergy = new float[Ticks];
            _recorded = new int[Ticks + 1];
            var mask = new float[Ticks];
            var gaps = false;
            for (var t = 0; t < Ticks; t++)
            {
                var v = values.AsSpan(t * dims, dims);
                if (float.IsNaN(TensorPrimitives.Sum<float>(v)))
                {
                    v.Clear();
                    gaps = true;
                }
                else
                {
                    mask[t] = 1;
                }

                TickEnergy[t] = TensorPrimitives.Dot(v, v);
                Energy[t + 1] = Energy[t] + TickEnergy[t];
                _recorded[t + 1] = _recorded[t] + (int)mask[t];
            }

            Mask = gaps ? mask : null;
        }

        public float[] Values { get; }

        public int Dims { get; }

        public int Ticks => Values.Length / Dims;

        public double[] Energy { get; }

        /// <summary>Each tick's squared norm.</summary>
        public float[] TickEnergy { get; }

        /// <summary>1 for recorded ticks and 0 for the others; null when every tick was recorded.</summary>
        public float[]? Mask { get; }

        /// <summary>Recorded ticks in [<paramref name="from"/>, <paramref name="to"/>).</summary>
        public int RecordedTicks(int from, int to) => _recorded[to] - _recorded[from];

        /// <summary>Whether every tick of [<paramref name="from"/>, <paramref name="to"/>) that lies within the series
        /// was recorded.</summary>
        public bool Covers(int from, int to)
        {
            (from, to) = (Math.Clamp(from, 0, Ticks), Math.Clamp(to, 0, Ticks));
            return Mask is null || RecordedTicks(from, to) == to - from;
        }
    }

    private readonly record struct Match(double Lag, double Score, double Margin, int SecondLag);
}
