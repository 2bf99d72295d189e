using VideoDefects.Analysis;
using VideoDefects.Frames;
using VideoDefects.Kernels;

namespace VideoDefects.Detectors.Black;

/// <summary>
/// Finds black pictures as FFmpeg's <c>blackdetect</c> does: a frame is black when at least
/// <see cref="BlackDetectorOptions.PictureThreshold"/> of its luma samples are at or below
/// <see cref="BlackDetectorOptions.PixelLevel"/>; a run of black frames lasting
/// <see cref="BlackDetectorOptions.MinDuration"/> is an event from the first black frame to the first frame that is
/// not. A fade to black is black from the frame where it gets dark enough, as in FFmpeg; a dark scene keeps more
/// than 2 % of its pixels above the threshold and is not black.
/// </summary>
/// <remarks>Live: the event is announced (<see cref="IDefectEventWriter.Started"/>) once the run is long enough, and
/// written when the picture comes back.</remarks>
public sealed class BlackDetector : IFrameAnalyzer
{
    private const int StateVersion = 1;
    private readonly BlackDetectorOptions _options;
    private double _frameDuration = 0.04;
    private long _pixels;
    private bool _black;
    private bool _announced;
    private long _firstFrame;
    private double _start;
    private long _lastFrame;
    private double _lastEnd;
    private double _darkestShare;

    /// <summary>Creates a detector with <paramref name="options"/> (defaults when null).</summary>
    public BlackDetector(BlackDetectorOptions? options = null)
    {
        _options = options ?? new BlackDetectorOptions();
        _options.Validate();
    }

    /// <summary><c>black</c>.</summary>
    public string Name => "black";

    /// <inheritdoc />
    public bool WantsAudio => false;

    /// <inheritdoc />
    public bool NeedsChroma => false;

    /// <inheritdoc />
    public bool HasPendingEvent => _black;

    /// <inheritdoc />
    public void Start(MediaInfo media)
    {
        ArgumentNullException.ThrowIfNull(media);
        _frameDuration = 1.0 / media.Video.FrameRate;
        _pixels = (long)media.Video.Width * media.Video.Height;
    }

    /// <inheritdoc />
    public void OnVideoFrame(VideoFrame frame, FrameFeatures features, IDefectEventWriter events)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(events);
        var share = (double)FrameMath.CountAtMost(frame.Luma, _options.PixelLevel) / _pixels;
        if (share >= _options.PictureThreshold)
        {
            if (!_black)
            {
                (_black, _announced, _firstFrame, _start, _darkestShare) = (true, false, frame.Index, frame.Timestamp, share);
            }

            (_lastFrame, _lastEnd) = (frame.Index, frame.Timestamp + _frameDuration);
            _darkestShare = Math.Max(_darkestShare, share);
            if (!_announced && frame.Timestamp - _start >= _options.MinDuration.TotalSeconds)
            {
                _announced = true;
                events.Started(MakeEvent(_lastEnd));
            }

            return;
        }

        // As blackdetect: the black run ends where the first picture that is not black starts.
        End(frame.Timestamp, events);
    }

    /// <inheritdoc />
    public void OnAudio(AudioBlock block, IDefectEventWriter events)
    {
    }

    /// <inheritdoc />
    public void Complete(IDefectEventWriter events)
    {
        ArgumentNullException.ThrowIfNull(events);
        End(_lastEnd, events);
    }

    /// <inheritdoc />
    public AnalyzerCheckpoint SaveCheckpoint() => CheckpointSerializer.Write(Name, StateVersion, w =>
    {
        w.Write(_black);
        w.Write(_announced);
        w.Write(_firstFrame);
        w.Write(_start);
        w.Write(_lastFrame);
        w.Write(_lastEnd);
        w.Write(_darkestShare);
    });

    /// <inheritdoc />
    public void RestoreCheckpoint(AnalyzerCheckpoint checkpoint) => CheckpointSerializer.Read(checkpoint, Name, StateVersion, r =>
    {
        _black = r.ReadBoolean();
        _announced = r.ReadBoolean();
        _firstFrame = r.ReadInt64();
        _start = r.ReadDouble();
        _lastFrame = r.ReadInt64();
        _lastEnd = r.ReadDouble();
        _darkestShare = r.ReadDouble();
    });

    private void End(double end, IDefectEventWriter events)
    {
        if (_black && end - _start >= _options.MinDuration.TotalSeconds - 1e-9)
        {
            events.Write(MakeEvent(end));
        }

        _black = false;
    }

    private DefectEvent MakeEvent(double end) => new()
    {
        Kind = DefectKind.Black,
        Start = _start,
        End = end,
        Confidence = 0.99,
        FirstFrame = _firstFrame,
        LastFrame = _lastFrame,
        Detector = Name,
        Metrics = new Dictionary<string, double>
        {
            ["blackShare"] = Math.Round(_darkestShare, 4),
            ["pixelLevel"] = _options.PixelLevel,
        },
    };
}
