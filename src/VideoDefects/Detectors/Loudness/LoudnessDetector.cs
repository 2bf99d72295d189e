using VideoDefects.Analysis;
using VideoDefects.Frames;
using VideoDefects.Reports;

namespace VideoDefects.Detectors.Loudness;

/// <summary>
/// Measures loudness with a <see cref="LoudnessMeter"/> (every channel, BS.1770-4) for the report's
/// <see cref="AnalysisReport.Loudness"/> summary and, when a <see cref="LoudnessDetectorOptions.Profile"/> is chosen,
/// raises <see cref="DefectKind.Loudness"/> events: where the true peak exceeds the profile's maximum
/// (metric <c>truePeakDbtp</c>), where the short-term loudness is above the profile's limit (<c>shortTermLufs</c>),
/// and, at the end of a file, for the whole programme when its integrated loudness is outside the target's window
/// (<c>integratedLufs</c>). Peaks and loud stretches are announced live while they go on.
/// </summary>
public sealed class LoudnessDetector : IFrameAnalyzer, ILoudnessReporter
{
    private const int StateVersion = 1;
    private readonly LoudnessDetectorOptions _options;
    private readonly Action<LoudnessStep> _onStep;
    private LoudnessMeter? _meter;
    private Stretch _peaks = new("truePeak", "truePeakDbtp");
    private Stretch _loud = new("shortTerm", "shortTermLufs");
    private IDefectEventWriter? _events;
    private double _timeOrigin;
    private bool _hasOrigin;

    /// <summary>Creates a detector with <paramref name="options"/> (defaults when null).</summary>
    public LoudnessDetector(LoudnessDetectorOptions? options = null)
    {
        _options = options ?? new LoudnessDetectorOptions();
        _options.Validate();
        _onStep = OnStep;
    }

    /// <summary><c>loudness</c>.</summary>
    public string Name => "loudness";

    /// <inheritdoc />
    public bool WantsAudio => true;

    /// <inheritdoc />
    public bool NeedsChroma => false;

    /// <inheritdoc />
    public bool HasPendingEvent => _peaks.Open || _loud.Open;

    /// <inheritdoc />
    public void Start(MediaInfo media)
    {
        ArgumentNullException.ThrowIfNull(media);
        _meter = media.Audio is { } audio ? new LoudnessMeter(audio.SampleRate, audio.Channels) : null;
    }

    /// <inheritdoc />
    public void OnVideoFrame(VideoFrame frame, FrameFeatures features, IDefectEventWriter events)
    {
    }

    /// <inheritdoc />
    public void OnAudio(AudioBlock block, IDefectEventWriter events)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(events);
        if (_meter is null || _meter.SampleRate != block.Format.SampleRate || _meter.Channels != block.Format.Channels)
        {
            _meter = new LoudnessMeter(block.Format.SampleRate, block.Format.Channels);
        }

        if (!_hasOrigin)
        {
            (_timeOrigin, _hasOrigin) = (block.StreamOrigin, true);
        }

        _events = events;
        _meter.Add(block.Samples, _options.Profile is null ? null : _onStep);
        _events = null;
    }

    /// <inheritdoc />
    public void Complete(IDefectEventWriter events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (_meter is null || _options.Profile is not { } profile)
        {
            return;
        }

        _peaks.Close(this, events);
        _loud.Close(this, events);
        if (_meter.IntegratedLufs is { } integrated && Math.Abs(integrated - profile.TargetLufs) > profile.ToleranceLu + 1e-9)
        {
            events.Write(new DefectEvent
            {
                Kind = DefectKind.Loudness,
                Start = Math.Round(_timeOrigin, 6),
                End = Math.Round(StepStart(_meter.Steps), 6),
                Confidence = 0.99,
                Detector = Name,
                Scope = "integrated",
                Metrics = new Dictionary<string, double>
                {
                    ["integratedLufs"] = Math.Round(integrated, 2),
                    ["targetLufs"] = profile.TargetLufs,
                    ["toleranceLu"] = profile.ToleranceLu,
                },
            });
        }
    }

    /// <inheritdoc />
    public LoudnessReport? GetLoudness() => _meter is not { } m ? null : new LoudnessReport
    {
        IntegratedLufs = Round(m.IntegratedLufs),
        LoudnessRangeLu = Round(m.LoudnessRangeLu),
        MaxMomentaryLufs = Round(m.MaxMomentaryLufs),
        MaxShortTermLufs = Round(m.MaxShortTermLufs),
        MaxTruePeakDbtp = Round(m.MaxTruePeakDbtp),
        Profile = _options.Profile?.Name ?? "none",
    };

    /// <inheritdoc />
    public AnalyzerCheckpoint SaveCheckpoint() => CheckpointSerializer.Write(Name, StateVersion, w =>
    {
        w.Write(_timeOrigin);
        w.Write(_hasOrigin);
        _peaks.Write(w);
        _loud.Write(w);
        w.Write(_meter is not null);
        if (_meter is { } m)
        {
            w.Write(m.SampleRate);
            w.Write(m.Channels);
            m.Write(w);
        }
    });

    /// <inheritdoc />
    public void RestoreCheckpoint(AnalyzerCheckpoint checkpoint) => CheckpointSerializer.Read(checkpoint, Name, StateVersion, r =>
    {
        _timeOrigin = r.ReadDouble();
        _hasOrigin = r.ReadBoolean();
        _peaks.Read(r);
        _loud.Read(r);
        if (r.ReadBoolean())
        {
            _meter = new LoudnessMeter(r.ReadInt32(), r.ReadInt32());
            _meter.Read(r);
        }
    });

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 2) : null;

    private double StepStart(long step) => _timeOrigin + ((double)step * _meter!.StepSamples / _meter.SampleRate);

    private void OnStep(LoudnessStep step)
    {
        var profile = _options.Profile!;
        var events = _events!;
        var peakDb = 20 * Math.Log10(Math.Max(step.TruePeak, 1e-10));
        _peaks.Step(this, events, step.Index, peakDb > profile.MaxTruePeakDbtp, peakDb);
        _loud.Step(this, events, step.Index, profile.MaxShortTermLufs is { } max && step.ShortTermLufs > max, step.ShortTermLufs ?? double.MinValue);
    }

    /// <summary>A stretch of 100 ms steps over a limit (true peak or short-term loudness), merged across gaps shorter
    /// than <see cref="LoudnessDetectorOptions.MergeGap"/>.</summary>
    private struct Stretch(string scope, string metric)
    {
        public bool Open;
        private long _first;
        private long _last;
        private double _worst;

        public void Step(LoudnessDetector owner, IDefectEventWriter events, long index, bool over, double value)
        {
            var gapSteps = (long)Math.Ceiling(owner._options.MergeGap.TotalSeconds * 10);
            if (Open && index - _last > gapSteps)
            {
                Close(owner, events);
            }

            if (!over)
            {
                return;
            }

            if (!Open)
            {
                (Open, _first, _worst) = (true, index, value);
                _last = index;
                events.Started(Make(owner));
            }

            _last = index;
            _worst = Math.Max(_worst, value);
        }

        public void Close(LoudnessDetector owner, IDefectEventWriter events)
        {
            if (Open)
            {
                events.Write(Make(owner));
                Open = false;
            }
        }

        public readonly void Write(BinaryWriter w)
        {
            w.Write(Open);
            w.Write(_first);
            w.Write(_last);
            w.Write(_worst);
        }

        public void Read(BinaryReader r) => (Open, _first, _last, _worst) = (r.ReadBoolean(), r.ReadInt64(), r.ReadInt64(), r.ReadDouble());

        private readonly DefectEvent Make(LoudnessDetector owner) => new()
        {
            Kind = DefectKind.Loudness,
            Start = Math.Round(owner.StepStart(_first), 6),
            End = Math.Round(owner.StepStart(_last + 1), 6),
            Confidence = 0.95,
            Detector = owner.Name,
            Scope = scope,
            Metrics = new Dictionary<string, double> { [metric] = Math.Round(_worst, 2) },
        };
    }
}
