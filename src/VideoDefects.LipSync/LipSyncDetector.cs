using VideoDefects.Analysis;
using VideoDefects.Detectors.AvSync;
using VideoDefects.Frames;
using VideoDefects.LipSync.Face;
using VideoDefects.LipSync.Models;
using VideoDefects.LipSync.Speech;
using VideoDefects.LipSync.Sync;
using VideoDefects.Reports;

namespace VideoDefects.LipSync;

/// <summary>
/// Lip sync without a reference (detector <c>lipsync</c>, opt-in): follows the faces in the picture, measures each
/// one's mouth opening (MediaPipe BlazeFace and Face Mesh), hears where there is speech (Silero VAD), and estimates how
/// late the sound is from the delay at which mouth movement best explains the speech envelope — per window and over
/// the whole input. With several faces, the one whose mouth moves with the speech answers.
/// </summary>
/// <remarks>
/// It abstains (<see cref="AvSyncReport.AudioDelayMs"/> null, with the reason) when the evidence is weak or ambiguous;
/// when it saw no speaking face at all it has no opinion (<see cref="GetAvSync"/> returns null) and the other methods
/// answer. The report prefers a test pattern, then a reference, then lip sync, then the content method
/// (<see cref="AvSyncEstimates.Choose"/>). An <c>avSyncOffset</c> still open is not a pending event (an offset may
/// last the whole input: a host analysing in pieces must not read on for it); the checkpoint carries it on. Dispose it
/// to release its model buffers at once (a finalizer does otherwise).
/// </remarks>
public sealed class LipSyncDetector : IFrameAnalyzer, IAvSyncEstimator, IDisposable
{
    private const int StateVersion = 1;
    private const int LagStepMs = 10;

    /// <summary>Weight of the talking/pausing rhythm (mouth activity against speech probability) beside the syllable
    /// correlation when choosing among lags: measured on the shared talking heads, 0.5 chose the right lobe where
    /// syllables repeat at a steady rate, without moving the delay (read from the syllable correlation alone).</summary>
    private const double RhythmWeight = 0.5;

    private readonly LipSyncDetectorOptions _options;
    private readonly FaceDetector _faceDetector;
    private readonly FaceLandmarker _landmarker;
    private readonly SpeechDetector _speechDetector;
    private readonly FaceTracker _tracker;
    private readonly float[] _openings;
    private readonly SampleSeries<double> _times = new();
    private readonly SampleSeries<float>[] _mouths;
    private readonly LagCurve[] _windowCurves;
    private readonly LagCurve[] _wholeCurves;
    private readonly LagCurve[] _activityWindow;
    private readonly LagCurve[] _activityWhole;
    private readonly List<AvSyncWindow> _windows = [];
    private readonly SpeechTrack _speech;
    private float[] _mono = [];
    private double[] _windowTimes = [];
    private float[] _windowMouth = [];
    private bool _hasAudio;
    private bool _live;
    private double _frameDuration = 0.04;
    private double _windowStart;
    private double _videoEnd;
    private readonly AvSyncOffsetRun _offset;

    /// <summary>Creates the detector and loads its models.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Options out of range.</exception>
    /// <exception cref="LipSyncModelException">A model is missing or not the expected file.</exception>
    public LipSyncDetector(LipSyncDetectorOptions? options = null)
    {
        _options = options ?? new LipSyncDetectorOptions();
        _options.Validate();
        var directory = LipSyncModels.ResolveDirectory(_options.ModelsDirectory);
        _faceDetector = new FaceDetector(directory);
        _landmarker = new FaceLandmarker(directory);
        _speechDetector = new SpeechDetector(directory);
        _tracker = new FaceTracker(_faceDetector, _landmarker, _options.MaxFaces, _options.RedetectFrames, _options.MinFaceScore);
        _speech = new SpeechTrack(_speechDetector);
        _openings = new float[_options.MaxFaces];
        _offset = new AvSyncOffsetRun(Name, _options.Profile);
        _mouths = [.. Enumerable.Range(0, _options.MaxFaces).Select(_ => new SampleSeries<float>())];
        var maxMs = (int)_options.MaxOffset.TotalMilliseconds;
        _windowCurves = [.. Enumerable.Range(0, _options.MaxFaces).Select(_ => new LagCurve(maxMs, LagStepMs))];
        _wholeCurves = [.. Enumerable.Range(0, _options.MaxFaces).Select(_ => new LagCurve(maxMs, LagStepMs))];
        _activityWindow = [.. Enumerable.Range(0, _options.MaxFaces).Select(_ => new LagCurve(maxMs, LagStepMs))];
        _activityWhole = [.. Enumerable.Range(0, _options.MaxFaces).Select(_ => new LagCurve(maxMs, LagStepMs))];
    }

    /// <summary><c>lipsync</c>.</summary>
    public string Name => "lipsync";

    /// <inheritdoc />
    public bool WantsAudio => true;

    /// <inheritdoc />
    public void Start(MediaInfo media)
    {
        ArgumentNullException.ThrowIfNull(media);
        _hasAudio = media.Audio is not null;
        _live = media.Duration is null;
        _frameDuration = 1.0 / media.Video.FrameRate;
        _tracker.Reset();
        _speech.Reset(); // and its speech detector
        _times.Clear();
        foreach (var mouth in _mouths)
        {
            mouth.Clear();
        }

        foreach (var curve in _wholeCurves.Concat(_activityWhole))
        {
            curve.Clear();
        }

        _windows.Clear();
        _windowStart = double.NaN;
        _videoEnd = 0;
        _offset.Reset();
    }

    /// <inheritdoc />
    public void OnVideoFrame(VideoFrame frame, FrameFeatures features, IDefectEventWriter events)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(events);
        if (!_hasAudio)
        {
            return;
        }

        if (double.IsNaN(_windowStart))
        {
            _windowStart = frame.Timestamp;
        }

        _tracker.Track(frame, _openings);
        _times.Add(frame.Timestamp);
        for (var k = 0; k < _mouths.Length; k++)
        {
            _mouths[k].Add(_openings[k]);
        }

        _videoEnd = frame.Timestamp + _frameDuration;
        MeasureDueWindows(events);
    }

    /// <inheritdoc />
    public void OnAudio(AudioBlock block, IDefectEventWriter events)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(events);
        var mono = block.MixToMono(ref _mono);
        _speech.Add(mono, block.Format.SampleRate, block.StartTime);
        MeasureDueWindows(events);
    }

    /// <inheritdoc />
    public void Complete(IDefectEventWriter events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (!double.IsNaN(_windowStart) && _videoEnd - _windowStart >= 1)
        {
            MeasureWindow(_videoEnd, events);
        }

        _offset.Close(events);
    }

    /// <inheritdoc />
    public AvSyncReport? GetAvSync()
    {
        if (!_hasAudio)
        {
            return null;
        }

        var (slot, peak) = BestSlot(_wholeCurves, _activityWhole);
        var speechSeconds = peak.Pairs * _frameDuration;
        if (slot < 0 || speechSeconds < 1)
        {
            return null; // no speaking face: no opinion, the other methods answer
        }

        var windows = _windows.ToArray();
        if (Decide(peak, _options.MinSpeechSeconds) is { } refusal)
        {
            return new AvSyncReport { AudioDelayMs = null, Confidence = Math.Round(Confidence(peak), 3), Method = AvSyncMethods.LipSync, Reason = refusal, Windows = windows };
        }

        return new AvSyncReport
        {
            AudioDelayMs = Math.Round(peak.DelayMs - _options.NaturalLagMs, 1),
            Confidence = Math.Round(Confidence(peak), 3),
            Method = AvSyncMethods.LipSync,
            Windows = windows,
        };
    }

    /// <inheritdoc />
    public AnalyzerCheckpoint SaveCheckpoint() => CheckpointSerializer.Write(Name, StateVersion, w =>
    {
        w.Write(_mouths.Length);
        w.Write(_hasAudio);
        w.Write(_live);
        w.Write(_frameDuration);
        w.Write(_windowStart);
        w.Write(_videoEnd);
        _offset.Save(w);

        _tracker.Save(w);
        _speech.Save(w);
        _times.Save(w);
        foreach (var mouth in _mouths)
        {
            mouth.Save(w);
        }

        foreach (var curve in _wholeCurves.Concat(_activityWhole))
        {
            w.WriteArray(curve.ToArray());
        }

        w.WriteAvSyncWindows(_windows);
    });

    /// <inheritdoc />
    public void RestoreCheckpoint(AnalyzerCheckpoint checkpoint) => CheckpointSerializer.Read(checkpoint, Name, StateVersion, r =>
    {
        if (r.ReadInt32() != _mouths.Length)
        {
            throw new ArgumentException("The checkpoint tracked another number of faces (MaxFaces).", nameof(checkpoint));
        }

        _hasAudio = r.ReadBoolean();
        _live = r.ReadBoolean();
        _frameDuration = r.ReadDouble();
        _windowStart = r.ReadDouble();
        _videoEnd = r.ReadDouble();
        _offset.Restore(r);
        _tracker.Load(r);
        _speech.Load(r);
        _times.Load(r);
        foreach (var mouth in _mouths)
        {
            mouth.Load(r);
        }

        foreach (var curve in _wholeCurves.Concat(_activityWhole))
        {
            curve.Restore(r.ReadArray<double>() ?? []);
        }

        r.ReadAvSyncWindows(_windows);
    });

    /// <summary>Releases the model buffers (the models themselves stay loaded for the process).</summary>
    public void Dispose()
    {
        _faceDetector.Dispose();
        _landmarker.Dispose();
        _speechDetector.Dispose();
    }

    /// <summary>Why not to answer on <paramref name="peak"/>, or null to answer.</summary>
    private string? Decide(LagPeak peak, double minSpeechSeconds)
    {
        var speechSeconds = peak.Pairs * _frameDuration;
        if (speechSeconds < minSpeechSeconds)
        {
            return $"too little speech with a visible mouth: {speechSeconds:0.0} s of the {minSpeechSeconds:0.#} s needed";
        }

        if (peak.R < _options.MinCorrelation)
        {
            return $"the mouth does not move with the speech (correlation {peak.R:0.00} at best)";
        }

        if (peak.RivalScore > _options.MaxRivalRatio * peak.Score)
        {
            return $"ambiguous: mouth movement explains the speech almost as well at another delay (score {peak.RivalScore:0.00} against {peak.Score:0.00})";
        }

        return null;
    }

    /// <summary>How far the peak stands above its rival, scaled down when the correlation is near the least accepted.</summary>
    private double Confidence(LagPeak peak) =>
        peak.Score <= 0 ? 0 : Math.Clamp((1 - (Math.Max(0, peak.RivalScore) / peak.Score)) * Math.Min(1, peak.R / Math.Max(_options.MinCorrelation, 1e-3)), 0, 1);

    /// <summary>The face whose mouth explains the speech best (correlation weighted by the evidence behind it), and its peak.</summary>
    private (int Slot, LagPeak Peak) BestSlot(LagCurve[] curves, LagCurve[] rhythms)
    {
        var (slot, best) = (-1, default(LagPeak));
        for (var k = 0; k < curves.Length; k++)
        {
            var peak = curves[k].Peak(_options.RivalApart.TotalMilliseconds, rhythms[k], RhythmWeight);
            if (peak.Pairs > 0 && (slot < 0 || (peak.R * Math.Sqrt(peak.Pairs)) > (best.R * Math.Sqrt(best.Pairs))))
            {
                (slot, best) = (k, peak);
            }
        }

        return (slot, best);
    }

    /// <summary>Measures each window whose frames and sound (out to the largest delay) have all arrived.</summary>
    private void MeasureDueWindows(IDefectEventWriter events)
    {
        var window = _options.Window.TotalSeconds;
        while (!double.IsNaN(_windowStart) && _videoEnd >= _windowStart + window && _speech.End >= _windowStart + window + _options.MaxOffset.TotalSeconds)
        {
            MeasureWindow(_windowStart + window, events);
        }
    }

    private void MeasureWindow(double end, IDefectEventWriter events)
    {
        var start = _windowStart;
        var first = _times.Start;
        while (first < _times.End && _times[first] < start)
        {
            first++;
        }

        var last = first;
        while (last < _times.End && _times[last] < end)
        {
            last++;
        }

        var count = (int)(last - first);
        if (_windowTimes.Length < count)
        {
            _windowTimes = new double[count];
            _windowMouth = new float[count];
        }

        var times = _windowTimes.AsSpan(0, count);
        var mouth = _windowMouth.AsSpan(0, count);
        for (var i = 0; i < count; i++)
        {
            times[i] = _times[first + i];
        }

        for (var k = 0; k < _mouths.Length; k++)
        {
            for (var i = 0; i < count; i++)
            {
                mouth[i] = _mouths[k][first + i];
            }

            _windowCurves[k].Clear();
            MouthSpeechCorrelation.Add(times, mouth, _speech, _frameDuration, _windowCurves[k]);
            _activityWindow[k].Clear();
            MouthSpeechCorrelation.AddActivity(times, mouth, _speech, _activityWindow[k]);
        }

        var (slot, peak) = BestSlot(_windowCurves, _activityWindow);
        if (slot >= 0)
        {
            _wholeCurves[slot].Add(_windowCurves[slot]);
            _activityWhole[slot].Add(_activityWindow[slot]);
        }

        // A short last window needs less speech, but at least half of itself.
        var answer = slot >= 0 && Decide(peak, Math.Min(_options.MinSpeechSeconds, 0.5 * (end - start))) is null;
        var delay = answer ? Math.Round(peak.DelayMs - _options.NaturalLagMs, 1) : (double?)null;
        var confidence = slot >= 0 ? Math.Round(Confidence(peak), 3) : 0;
        _windows.Add(new AvSyncWindow(Math.Round(start, 3), Math.Round(end, 3), delay, confidence));
        if (_live && _windows.Count > _options.LiveWindowsKept)
        {
            _windows.RemoveRange(0, _windows.Count - _options.LiveWindowsKept);
        }

        // Not announced as provisional: a lasting offset is not a pending event (a segment host would read to the end).
        _offset.Add(start, end, delay, confidence, _frameDuration * 1000, events);

        // What the next window and its lags no longer reach.
        _windowStart = end;
        _times.DropBefore(last);
        foreach (var series in _mouths)
        {
            series.DropBefore(last);
        }

        _speech.ForgetBefore(end - _options.MaxOffset.TotalSeconds - 1);
    }
}
