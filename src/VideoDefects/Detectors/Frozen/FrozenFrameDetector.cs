using VideoDefects.Analysis;
using VideoDefects.Frames;

namespace VideoDefects.Detectors.Frozen;

/// <summary>
/// Finds frozen pictures: runs of frames that repeat the first frame of the run for at least
/// <see cref="FrozenFrameDetectorOptions.MinDuration"/>. Each frame is compared with the <em>first</em> frame of the
/// candidate freeze (as FFmpeg's <c>freezedetect</c> does), so slow motion, which keeps drifting away from it, breaks
/// the run while noise, which does not grow, does not. An open freeze is reported at the end of the stream.
/// </summary>
public sealed class FrozenFrameDetector : IFrameAnalyzer
{
    private const int StateVersion = 2;
    private readonly FrozenFrameDetectorOptions _options;
    private readonly IFreezeComparer _comparer;
    private double _frameDuration = 0.04;
    private bool _hasReference;
    private long _referenceIndex;
    private double _referenceTime;
    private double _firstRepeatTime;
    private long _lastFrozenIndex;
    private double _lastFrozenEnd;
    private bool _open;
    private double _worst;
    private double _metricSum;
    private long _frozenFrames;
    private long _discountedFrames;

    /// <summary>Creates a detector with <paramref name="options"/> (defaults when null).</summary>
    public FrozenFrameDetector(FrozenFrameDetectorOptions? options = null)
    {
        _options = options ?? new FrozenFrameDetectorOptions();
        _options.Validate();
        _comparer = _options.Mode == FreezeMode.Robust
            ? new RobustFreezeComparer(_options)
            : new FFmpegFreezeComparer(_options);
    }

    /// <summary><c>frozen</c>.</summary>
    public string Name => "frozen";

    /// <inheritdoc />
    public bool WantsAudio => false;

    /// <inheritdoc />
    /// <remarks>Only <see cref="FreezeMode.FFmpegCompatible"/> compares the colour planes too, as FFmpeg does.</remarks>
    public bool NeedsChroma => _options.Mode == FreezeMode.FFmpegCompatible;

    /// <inheritdoc />
    public bool HasPendingEvent => _frozenFrames > 0;

    /// <summary>The options in use.</summary>
    public FrozenFrameDetectorOptions Options => _options;

    /// <inheritdoc />
    public void Start(MediaInfo media)
    {
        ArgumentNullException.ThrowIfNull(media);
        _frameDuration = 1.0 / media.Video.FrameRate;
        _comparer.Start(media.Video);
    }

    /// <inheritdoc />
    public void OnVideoFrame(VideoFrame frame, FrameFeatures features, IDefectEventWriter events)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(events);
        _comparer.Observe(frame, features);
        if (!_hasReference)
        {
            TakeReference(frame, features);
            return;
        }

        var verdict = _comparer.Compare(frame, features);
        if (verdict.Frozen)
        {
            if (_frozenFrames == 0)
            {
                _firstRepeatTime = frame.Timestamp;
            }

            _frozenFrames++;
            _discountedFrames += verdict.Discounted ? 1 : 0;
            _lastFrozenIndex = frame.Index;
            _lastFrozenEnd = frame.Timestamp + _frameDuration;
            _worst = Math.Max(_worst, verdict.Closeness);
            _metricSum += verdict.Metric;
            // As FFmpeg: the run lasts from the reference frame's time to this frame's time.
            if (!_open && frame.Timestamp - _referenceTime >= _options.MinDuration.TotalSeconds - 1e-9)
            {
                _open = true;
                events.Started(MakeEvent(_lastFrozenEnd)); // a live alarm now, not when the freeze ends
            }

            return;
        }

        if (_open)
        {
            events.Write(MakeEvent(frame.Timestamp));
        }

        TakeReference(frame, features);
    }

    /// <inheritdoc />
    public void OnAudio(AudioBlock block, IDefectEventWriter events)
    {
    }

    /// <inheritdoc />
    public void Complete(IDefectEventWriter events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (_open)
        {
            events.Write(MakeEvent(_lastFrozenEnd));
            _open = false;
        }

        _hasReference = false;
        _frozenFrames = 0;
    }

    /// <inheritdoc />
    public AnalyzerCheckpoint SaveCheckpoint() => CheckpointSerializer.Write(Name, StateVersion, w =>
    {
        w.Write(_hasReference);
        w.Write(_referenceIndex);
        w.Write(_referenceTime);
        w.Write(_firstRepeatTime);
        w.Write(_lastFrozenIndex);
        w.Write(_lastFrozenEnd);
        w.Write(_open);
        w.Write(_worst);
        w.Write(_metricSum);
        w.Write(_frozenFrames);
        w.Write(_discountedFrames);
        _comparer.Save(w);
    });

    /// <inheritdoc />
    public void RestoreCheckpoint(AnalyzerCheckpoint checkpoint) => CheckpointSerializer.Read(checkpoint, Name, StateVersion, r =>
    {
        _hasReference = r.ReadBoolean();
        _referenceIndex = r.ReadInt64();
        _referenceTime = r.ReadDouble();
        _firstRepeatTime = r.ReadDouble();
        _lastFrozenIndex = r.ReadInt64();
        _lastFrozenEnd = r.ReadDouble();
        _open = r.ReadBoolean();
        _worst = r.ReadDouble();
        _metricSum = r.ReadDouble();
        _frozenFrames = r.ReadInt64();
        _discountedFrames = r.ReadInt64();
        _comparer.Restore(r);
    });

    private void TakeReference(VideoFrame frame, FrameFeatures features)
    {
        _comparer.SetReference(frame, features);
        _hasReference = true;
        _referenceIndex = frame.Index;
        _referenceTime = frame.Timestamp;
        _open = false;
        _frozenFrames = 0;
        _discountedFrames = 0;
        _worst = 0;
        _metricSum = 0;
    }

    private DefectEvent MakeEvent(double end)
    {
        // FFmpeg reports the run from its reference frame; the robust mode from the first repeated frame, which is
        // the first frame a viewer sees as frozen.
        var compatible = _options.Mode == FreezeMode.FFmpegCompatible;
        var start = compatible ? _referenceTime : _firstRepeatTime;
        var mean = _metricSum / Math.Max(1, _frozenFrames);
        var metrics = new Dictionary<string, double>
        {
            [_comparer.MetricName] = Math.Round(mean, 6),
            ["frozenFrames"] = _frozenFrames,
        };
        if (_discountedFrames > 0)
        {
            AddDiscountedGraphics(metrics);
        }

        return new DefectEvent
        {
            Kind = DefectKind.FrozenFrame,
            Start = start,
            End = end,
            Confidence = Math.Round(Math.Clamp(1 - (0.5 * _worst), 0, 1), 3),
            FirstFrame = compatible ? _referenceIndex : _referenceIndex + 1,
            LastFrame = _lastFrozenIndex,
            Detector = Name,
            Metrics = metrics,
        };
    }

    /// <summary>Says which parts of the picture were left out as live graphics, and on how many frames it mattered:
    /// the user can check the discount, and pin it with an ignore region if it is a known bug.</summary>
    private void AddDiscountedGraphics(Dictionary<string, double> metrics)
    {
        metrics["graphicsDiscountedFrames"] = _discountedFrames;
        var (top, bottom) = _comparer.DiscountedRegions();
        foreach (var (where, region) in (ReadOnlySpan<(string, PixelRegion?)>)[("graphicsTop", top), ("graphicsBottom", bottom)])
        {
            if (region is { } r)
            {
                metrics[where + "X"] = r.X;
                metrics[where + "Y"] = r.Y;
                metrics[where + "Width"] = r.Width;
                metrics[where + "Height"] = r.Height;
            }
        }
    }
}
