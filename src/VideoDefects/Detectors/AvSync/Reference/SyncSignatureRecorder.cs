using VideoDefects.Analysis;
using VideoDefects.Detectors.Registry;
using VideoDefects.Frames;

namespace VideoDefects.Detectors.AvSync.Reference;

/// <summary>
/// An analyzer that records the <see cref="SyncSignature"/> of the input it runs on — typically a clean source, to be
/// compared with its copies (<see cref="AvSyncDetectorOptions.Reference"/>) or saved for later. It reports nothing.
/// </summary>
/// <example>
/// <code>
/// var recorder = new SyncSignatureRecorder();
/// await new AnalysisPipeline([recorder]).RunAsync(new FFmpegSource("source.mp4"));
/// var detectors = DetectorRegistry.Default.Create(null, new DetectorSettings { AvSync = new() { Reference = recorder.Signature } });
/// </code>
/// </example>
public sealed class SyncSignatureRecorder : IFrameAnalyzer
{
    private const int StateVersion = 2;
    private readonly SignatureBuilder _builder = new();
    private readonly object _gate;
    private readonly double _historySeconds;
    private float[] _mono = [];
    private double _nextTrim;
    private double? _continueAt;

    /// <summary>Creates a recorder that keeps the whole input's signature.</summary>
    public SyncSignatureRecorder()
        : this(new object(), double.PositiveInfinity)
    {
    }

    /// <summary>A recorder whose signature other threads read under <paramref name="gate"/>, keeping only the last
    /// <paramref name="historySeconds"/> (a live reference, see <see cref="LiveSyncReference"/>).</summary>
    internal SyncSignatureRecorder(object gate, double historySeconds) => (_gate, _historySeconds) = (gate, historySeconds);

    /// <summary><c>signature</c>.</summary>
    public string Name => "signature";

    /// <inheritdoc />
    public bool WantsAudio => true;

    /// <inheritdoc />
    public bool NeedsChroma => false;

    /// <summary>The signature recorded so far (complete once the pipeline has run). Not for other threads while it
    /// runs: they read a <see cref="LiveSyncReference"/>.</summary>
    public SyncSignature Signature => _builder.Signature;

    /// <inheritdoc />
    public void Start(MediaInfo media)
    {
        ArgumentNullException.ThrowIfNull(media);
        lock (_gate)
        {
            if (_continueAt is { } time)
            {
                _builder.SkipTo(time);
                _continueAt = null;
                return;
            }

            _builder.Start(media);
            _nextTrim = 0;
        }
    }

    /// <summary>
    /// Makes the next pipeline this recorder starts in continue the same signature from <paramref name="time"/> on the
    /// input's clock, instead of starting a new one: for fingerprinting a long reference in samples (pieces decoded apart,
    /// each started with <c>AnalysisPipeline.Start(media, firstFrame, startTime)</c>). The stretch between what was
    /// recorded and <paramref name="time"/> is marked as not recorded, and <see cref="ReferenceAligner"/> leaves it out.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="time"/> is not after the last frame recorded.</exception>
    public void ContinueAt(TimeSpan time)
    {
        lock (_gate)
        {
            var times = _builder.Signature.FrameTimes;
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(time.TotalSeconds, times.Count > 0 ? times[^1] : -1, nameof(time));
            _continueAt = time.TotalSeconds;
        }
    }

    /// <inheritdoc />
    public void OnVideoFrame(VideoFrame frame, FrameFeatures features, IDefectEventWriter events)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(features);
        lock (_gate)
        {
            _builder.OnFrame(frame, features);
            if (frame.Timestamp >= _nextTrim && !double.IsInfinity(_historySeconds))
            {
                // Once a second: the list moves its tail down, cheap at this size.
                _builder.Signature.DropBefore(frame.Timestamp - _historySeconds);
                _nextTrim = frame.Timestamp + 1;
            }
        }
    }

    /// <inheritdoc />
    public void OnAudio(AudioBlock block, IDefectEventWriter events)
    {
        ArgumentNullException.ThrowIfNull(block);
        var rate = block.Format.SampleRate;
        var mono = block.MixToMono(ref _mono);
        lock (_gate)
        {
            _builder.OnAudio(mono, (long)Math.Round(block.StartTime * rate), rate);
        }
    }

    /// <inheritdoc />
    public void Complete(IDefectEventWriter events)
    {
    }

    /// <inheritdoc />
    public AnalyzerCheckpoint SaveCheckpoint()
    {
        lock (_gate)
        {
            return CheckpointSerializer.Write(Name, StateVersion, _builder.Save);
        }
    }

    /// <inheritdoc />
    public void RestoreCheckpoint(AnalyzerCheckpoint checkpoint)
    {
        lock (_gate)
        {
            CheckpointSerializer.Read(checkpoint, Name, StateVersion, _builder.Restore);
        }
    }
}
