using VideoDefects.Analysis;
using VideoDefects.Detectors.AvSync.Reference;
using VideoDefects.Detectors.AvSync.Timestamps;
using VideoDefects.Frames;
using VideoDefects.Reports;

namespace VideoDefects.Detectors.AvSync;

/// <summary>
/// Measures how late (positive) or early (negative) the sound is relative to its picture, in milliseconds.
/// A flash/beep test pattern is recognised automatically and measured frame- and sample-exact; real programmes are
/// measured by correlating audio onsets with visual changes, window by window. When the evidence is weak — silence,
/// a static picture, sound unrelated to the picture, windows that disagree — there is no estimate: never a guess.
/// Given a reference (<see cref="AvSyncDetectorOptions.Reference"/>), the input's signature is recorded in the same
/// pass and compared with the reference's (<see cref="ReferenceAligner"/>): exact on any content that moves and makes
/// sound. A test pattern still wins: it measures sync absolutely, the reference only relative to the source.
/// Where the source delivers the container's packet timestamps (FFmpeg), a step in the audio/video timestamp relation
/// is an <see cref="DefectKind.AvSyncOffset"/> event where it happens, and drift is reported in ppm
/// (<c>method: timestamps</c> when nothing else measured the offset).
/// </summary>
public sealed class AvSyncDetector : IFrameAnalyzer, IAvSyncEstimator, IPacketTimingConsumer
{
    /// <summary>Windows whose estimates differ by more than this do not make a whole-input answer.</summary>
    private const double AgreementMs = 40;

    /// <summary>Audio quieter than this on average (dBFS) carries no timing.</summary>
    private const double SilenceDb = -70;
    private const int StateVersion = 5;

    private readonly AvSyncDetectorOptions _options;
    private readonly FlashBeepPattern _pattern = new();
    private readonly ContentCorrelator _content = new();
    private readonly List<AvSyncWindow> _windows = [];
    private readonly SignatureBuilder? _signature;
    private readonly TimestampRelation _timestamps = new();
    private readonly List<AvSyncWindow> _liveWindows = [];
    private AvSyncReport? _referenceResult;
    private AvSyncReport? _liveResult;
    private readonly AvSyncOffsetRun _liveOffset;
    private double _nextLiveComparison;
    private float[] _mono = [];
    private bool _hasAudio;
    private int _maxContentWindows = int.MaxValue;
    private double _frameDuration = 0.04;
    private double _nextWindow;
    private double _videoEnd;

    /// <summary>Creates a detector with <paramref name="options"/> (defaults when null).</summary>
    public AvSyncDetector(AvSyncDetectorOptions? options = null)
    {
        _options = options ?? new AvSyncDetectorOptions();
        _options.Validate();
        _signature = _options.Reference is null && _options.PendingReference is null && _options.LiveReference is null ? null : new SignatureBuilder();
        _liveOffset = new AvSyncOffsetRun(Name, _options.Profile);
    }

    /// <summary>Whether the offset is estimated from the content: not when a reference measures it (a reference's answer,
    /// or its abstention, is the report), so no work is done for windows nobody reads — nor are they kept for ever on a
    /// live stream.</summary>
    private bool MeasuresContent => _signature is null;

    /// <summary><c>avsync</c>.</summary>
    public string Name => "avsync";

    /// <inheritdoc />
    public bool WantsAudio => true;

    /// <inheritdoc />
    public bool NeedsChroma => false;

    /// <inheritdoc />
    public void Start(MediaInfo media)
    {
        ArgumentNullException.ThrowIfNull(media);
        _frameDuration = 1.0 / media.Video.FrameRate;
        _hasAudio = media.Audio is not null;
        // A stream that never ends must not grow a list that never ends (see AvSyncDetectorOptions.LiveWindowsKept).
        _maxContentWindows = media.Duration is null ? _options.LiveWindowsKept : int.MaxValue;
        _nextWindow = _options.Window.TotalSeconds;
        _signature?.Start(media);
        _referenceResult = null;
        _liveResult = null;
        _liveWindows.Clear();
        _liveOffset.Reset();
        _nextLiveComparison = _options.LiveComparisonSpan.TotalSeconds + _options.ReferenceMaxOffset.TotalSeconds;
    }

    /// <inheritdoc />
    public void OnVideoFrame(VideoFrame frame, FrameFeatures features, IDefectEventWriter events)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(features);
        if (!_hasAudio)
        {
            return;
        }

        _signature?.OnFrame(frame, features);
        _pattern.OnFrame(frame.Timestamp, features.LumaMean);
        _videoEnd = frame.Timestamp + _frameDuration;
        if (MeasuresContent)
        {
            _content.OnFrame(frame.Timestamp, features.HasPrevious ? features.LumaMafdToPrevious : double.NaN);

            // A window is measured once the audio its lags reach has arrived.
            while (_videoEnd >= _nextWindow + _options.MaxOffset.TotalSeconds && _content.AudioSeconds >= _nextWindow + _options.MaxOffset.TotalSeconds)
            {
                MeasureWindow(_nextWindow - _options.Window.TotalSeconds, _nextWindow);
                _nextWindow += _options.Window.TotalSeconds;
            }
        }

        if (_options.LiveReference is { } live && LiveComparisonDue(live))
        {
            CompareWithLiveReference(live, events);
        }
    }

    /// <inheritdoc />
    public void OnAudio(AudioBlock block, IDefectEventWriter events)
    {
        ArgumentNullException.ThrowIfNull(block);
        var mono = block.MixToMono(ref _mono);
        _pattern.OnAudio(mono, block.StartTime, block.Format.SampleRate);
        // Sample index on the video clock: audio that starts later than the video starts at a later index, earlier at a
        // negative one (what comes before the picture is not measured).
        var first = (long)Math.Round(block.StartTime * block.Format.SampleRate);
        if (MeasuresContent)
        {
            _content.OnAudio(mono, first, block.Format.SampleRate);
        }

        _signature?.OnAudio(mono, first, block.Format.SampleRate);
    }

    /// <inheritdoc />
    public void OnPacketTiming(PacketTiming timing, IDefectEventWriter events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (_hasAudio && _timestamps.Add(timing, _frameDuration) is { } step)
        {
            WriteTimestampStep(step, events);
        }
    }

    /// <inheritdoc />
    public void Complete(IDefectEventWriter events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (!_hasAudio)
        {
            return;
        }

        if (_timestamps.Flush(_frameDuration) is { } step)
        {
            WriteTimestampStep(step, events);
        }

        if (_timestamps.DriftPpm is { } ppm && Math.Abs(ppm * 1e-6 * _timestamps.Span) > _frameDuration)
        {
            // Drift that moved the relation by more than a frame over the input, no single step to point at.
            events.Write(new DefectEvent
            {
                Kind = DefectKind.AvSyncOffset,
                Start = 0,
                End = _videoEnd,
                Confidence = 0.8,
                Detector = Name,
                Metrics = new Dictionary<string, double>
                {
                    ["timestampDriftPpm"] = Math.Round(ppm, 1),
                    ["timestampDriftMs"] = Math.Round(ppm * 1e-3 * _timestamps.Span, 1),
                },
            });
        }

        var start = _nextWindow - _options.Window.TotalSeconds;
        if (MeasuresContent && _videoEnd - start >= 3)
        {
            MeasureWindow(start, _videoEnd);
        }

        if (_options.LiveReference is not null)
        {
            // Live comparisons reported their offsets as they went.
            _liveOffset.Close(events);
            return;
        }

        _referenceResult = _signature is null ? null : CompareWithReference();

        // The whole-input offset from the pictures and sound (timestamp steps were reported where they happened); a
        // reference comparison whose offset changes along the input reports each stretch instead.
        var estimate = Estimate();
        if (estimate.AudioDelayMs is { } delay)
        {
            WriteOffset(0, _videoEnd, delay, estimate.Confidence, events);
        }
        else if (estimate.Method == AvSyncMethods.Reference && estimate.Windows is { } windows)
        {
            foreach (var (from, to, offset, confidence) in Stretches(windows))
            {
                WriteOffset(from, to, offset, confidence, events);
            }
        }
    }

    /// <summary>Runs of consecutive measured windows whose offsets agree within a frame: (start, end, offset, confidence).</summary>
    private IEnumerable<(double Start, double End, double Offset, double Confidence)> Stretches(IReadOnlyList<AvSyncWindow> windows)
    {
        var frameMs = _frameDuration * 1000;
        (double Start, double End, double Offset, double Confidence)? run = null;
        foreach (var w in windows)
        {
            if (run is { } r && w.AudioDelayMs is { } d && Math.Abs(d - r.Offset) <= frameMs)
            {
                run = r with { End = w.End, Confidence = Math.Min(r.Confidence, w.Confidence) };
                continue;
            }

            if (run is { } done)
            {
                yield return done;
            }

            run = w.AudioDelayMs is { } first ? (w.Start, w.End, first, w.Confidence) : null;
        }

        if (run is { } last)
        {
            yield return last;
        }
    }

    /// <summary>An <see cref="DefectKind.AvSyncOffset"/> event for [start, end) when <paramref name="delay"/> passes the
    /// profile's limits.</summary>
    private void WriteOffset(double start, double end, double delay, double confidence, IDefectEventWriter events)
    {
        if (AvSyncOffsetRun.Outside(_options.Profile, delay))
        {
            events.Write(AvSyncOffsetRun.OffsetEvent(Name, _options.Profile, start, end, delay, confidence));
        }
    }

    /// <inheritdoc />
    public AvSyncReport? GetAvSync()
    {
        if (!_hasAudio)
        {
            return null;
        }

        var estimate = Estimate();
        if (estimate.AudioDelayMs is null && _timestamps.Steps > 0)
        {
            // Nothing in the pictures and sound said it, but the timestamps moved: how far, against the start.
            estimate = new AvSyncReport
            {
                AudioDelayMs = Math.Round(_timestamps.Relation * 1000, 1),
                Confidence = 0.9,
                Method = AvSyncMethods.Timestamps,
                Reason = "relative to the start of the input: timestamps show changes, not an offset present from the start",
            };
        }

        return _timestamps.DriftPpm is { } ppm ? estimate with { TimestampDriftPpm = Math.Round(ppm, 1) } : estimate;
    }

    private void WriteTimestampStep((double Time, double Size) step, IDefectEventWriter events) =>
        events.Write(new DefectEvent
        {
            Kind = DefectKind.AvSyncOffset,
            Start = Math.Max(0, step.Time),
            End = Math.Max(0, step.Time) + _frameDuration,
            Confidence = 0.9,
            Detector = Name,
            Metrics = new Dictionary<string, double>
            {
                ["timestampStepMs"] = Math.Round(step.Size * 1000, 1),
                ["audioDelayChangeMs"] = Math.Round(_timestamps.Relation * 1000, 1),
            },
        });

    /// <summary>The whole-input estimate from the pictures and sound: a test pattern, the reference, or the content.</summary>
    private AvSyncReport Estimate()
    {
        if (_pattern.Estimate(_options.MaxOffset.TotalSeconds) is { } pattern)
        {
            return new AvSyncReport { AudioDelayMs = Math.Round(pattern.DelayMs, 1), Confidence = Math.Round(pattern.Confidence, 3), Method = AvSyncMethods.TestPattern };
        }

        if (_options.LiveReference is not null)
        {
            return (_liveResult ?? new AvSyncReport
            {
                AudioDelayMs = null,
                Confidence = 0,
                Method = AvSyncMethods.Reference,
                Reason = "not yet compared with the live reference",
            }) with
            { Windows = [.. _liveWindows] };
        }

        if (_signature is not null)
        {
            return _referenceResult ?? CompareWithReference();
        }

        if (_content.MeanAudioDb < SilenceDb)
        {
            return new AvSyncReport { AudioDelayMs = null, Confidence = 0, Method = AvSyncMethods.Silence, Windows = _windows };
        }

        var confident = _windows.Where(w => w.AudioDelayMs is not null && w.Confidence >= _options.MinConfidence).ToList();
        if (confident.Count == 0)
        {
            return new AvSyncReport { AudioDelayMs = null, Confidence = _windows.Count == 0 ? 0 : Math.Round(_windows.Max(w => w.Confidence), 3), Method = AvSyncMethods.Content, Windows = _windows };
        }

        var delays = confident.Select(w => w.AudioDelayMs!.Value).Order().ToList();
        var median = delays[delays.Count / 2];
        // Windows that disagree are a reason to abstain, not to average.
        var agreeing = delays.Count(d => Math.Abs(d - median) <= AgreementMs);
        if (agreeing < Math.Max(1, (int)Math.Ceiling(0.75 * delays.Count)))
        {
            return new AvSyncReport { AudioDelayMs = null, Confidence = 0.2, Method = AvSyncMethods.Content, Windows = _windows };
        }

        var confidence = confident.Average(w => w.Confidence) * agreeing / delays.Count;
        return new AvSyncReport { AudioDelayMs = Math.Round(median, 1), Confidence = Math.Round(confidence, 3), Method = AvSyncMethods.Content, Windows = _windows };
    }

    /// <inheritdoc />
    public AnalyzerCheckpoint SaveCheckpoint() => CheckpointSerializer.Write(Name, StateVersion, w =>
    {
        w.Write(_hasAudio);
        w.Write(_nextWindow);
        w.Write(_videoEnd);
        w.WriteAvSyncWindows(_windows);

        _pattern.Save(w);
        _content.Save(w);
        w.Write(_signature is not null);
        _signature?.Save(w);
        _timestamps.Save(w);
        w.Write(_nextLiveComparison);
        _liveOffset.Save(w);
        w.WriteAvSyncWindows(_liveWindows);
        w.Write(_liveResult is not null);
        if (_liveResult is { } latest)
        {
            w.Write(latest.AudioDelayMs ?? double.NaN);
            w.Write(latest.VideoDelayMs ?? double.NaN);
            w.Write(latest.Confidence);
            w.Write(latest.Reason ?? "");
        }
    });

    /// <inheritdoc />
    public void RestoreCheckpoint(AnalyzerCheckpoint checkpoint) => CheckpointSerializer.Read(checkpoint, Name, StateVersion, r =>
    {
        _hasAudio = r.ReadBoolean();
        _nextWindow = r.ReadDouble();
        _videoEnd = r.ReadDouble();
        r.ReadAvSyncWindows(_windows);

        _pattern.Restore(r);
        _content.Restore(r);
        if (r.ReadBoolean() != (_signature is not null))
        {
            throw new ArgumentException("The checkpoint was saved with a different reference setting.", nameof(checkpoint));
        }

        _signature?.Restore(r);
        _timestamps.Restore(r);
        _nextLiveComparison = r.ReadDouble();
        _liveOffset.Restore(r);
        r.ReadAvSyncWindows(_liveWindows);
        _liveResult = null;
        if (r.ReadBoolean())
        {
            var (delay, video, confidence, reason) = (r.ReadDouble(), r.ReadDouble(), r.ReadDouble(), r.ReadString());
            _liveResult = new AvSyncReport
            {
                AudioDelayMs = double.IsNaN(delay) ? null : delay,
                VideoDelayMs = double.IsNaN(video) ? null : video,
                Confidence = confidence,
                Method = AvSyncMethods.Reference,
                Reason = reason.Length == 0 ? null : reason,
            };
        }
    });

    /// <summary>Compares with the reference; a pending one is waited for here, at the end of the input (it was recorded
    /// on other threads meanwhile).</summary>
    private AvSyncReport CompareWithReference() =>
        ReferenceAligner.Compare(_signature!.Signature, _options.Reference ?? _options.PendingReference!.GetAwaiter().GetResult(), _options.ReferenceMaxOffset, _options.Window);

    /// <summary>Compares the last <see cref="AvSyncDetectorOptions.LiveComparisonSpan"/> of the input with the live
    /// reference around the same time (± the largest offset), then forgets what no later comparison needs.</summary>
    private void CompareWithLiveReference(LiveSyncReference live, IDefectEventWriter events)
    {
        var own = _signature!.Signature;
        var until = _nextLiveComparison;
        var span = _options.LiveComparisonSpan.TotalSeconds;
        var maxOffset = _options.ReferenceMaxOffset.TotalSeconds;
        // Both excerpts are cut from the same time, so the delays found between them are those between the streams.
        var from = until - span - maxOffset;
        var result = ReferenceAligner.Compare(own.Excerpt(from, until), live.Excerpt(from, until + maxOffset), _options.ReferenceMaxOffset, _options.LiveComparisonSpan);
        _nextLiveComparison = until + _options.Window.TotalSeconds;
        own.DropBefore(_nextLiveComparison - span - maxOffset);

        var (start, end) = (Math.Round(until - span, 3), Math.Round(until, 3));
        _liveResult = result with { Windows = null };
        _liveWindows.Add(new AvSyncWindow(start, end, result.AudioDelayMs, result.Confidence));
        KeepLatest(_liveWindows, _options.LiveWindowsKept);

        if (_liveOffset.Add(start, end, result.AudioDelayMs, result.Confidence, _frameDuration * 1000, events) is { } opened)
        {
            events.Started(opened);
        }
    }

    /// <summary>Whether the next live comparison can be made: this input has reached its time and the reference is
    /// recorded past it by the largest offset — or lags so far behind (a span) that waiting longer would only hold
    /// this input's signature in memory; the comparison then says what it can.</summary>
    private bool LiveComparisonDue(LiveSyncReference live)
    {
        var recorded = _signature!.Signature.RecordedUntil;
        return recorded >= _nextLiveComparison
            && (live.RecordedUntil >= _nextLiveComparison + _options.ReferenceMaxOffset.TotalSeconds
                || recorded - _nextLiveComparison >= _options.LiveComparisonSpan.TotalSeconds);
    }

    private void MeasureWindow(double start, double end)
    {
        var (delay, confidence) = _content.Estimate(start, end, _options.MaxOffset.TotalSeconds, _frameDuration);
        _windows.Add(new AvSyncWindow(Math.Round(start, 3), Math.Round(end, 3), delay is { } d ? Math.Round(d, 1) : null, confidence));
        KeepLatest(_windows, _maxContentWindows);

        _content.Forget(end, _options.MaxOffset.TotalSeconds);
    }

    /// <summary>Drops the oldest of <paramref name="windows"/> beyond the latest <paramref name="count"/>.</summary>
    private static void KeepLatest(List<AvSyncWindow> windows, int count)
    {
        if (windows.Count > count)
        {
            windows.RemoveRange(0, windows.Count - count);
        }
    }
}
