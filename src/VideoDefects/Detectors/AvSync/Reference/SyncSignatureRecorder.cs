using VideoDefects.Analysis;
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
/// var detectors = DetectorCatalog.Create(null, new DetectorSettings { AvSync = new() { Reference = recorder.Signature } });
/// </code>
/// </example>
public sealed class SyncSignatureRecorder : IFrameAnalyzer
{
    private const int StateVersion = 1;
    private readonly SignatureBuilder _builder = new();
    private float[] _mono = [];

    /// <summary><c>signature</c>.</summary>
    public string Name => "signature";

    /// <inheritdoc />
    public bool WantsAudio => true;

    /// <inheritdoc />
    public bool NeedsChroma => false;

    /// <summary>The signature recorded so far (complete once the pipeline has run).</summary>
    public SyncSignature Signature => _builder.Signature;

    /// <inheritdoc />
    public void Start(MediaInfo media)
    {
        ArgumentNullException.ThrowIfNull(media);
        _builder.Start(media);
    }

    /// <inheritdoc />
    public void OnVideoFrame(VideoFrame frame, FrameFeatures features, IDefectEventWriter events)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(features);
        _builder.OnFrame(frame, features);
    }

    /// <inheritdoc />
    public void OnAudio(AudioBlock block, IDefectEventWriter events)
    {
        ArgumentNullException.ThrowIfNull(block);
        var rate = block.Format.SampleRate;
        _builder.OnAudio(AudioLevelMeter.Mono(block, ref _mono), (long)Math.Round(block.StartTime * rate), rate);
    }

    /// <inheritdoc />
    public void Complete(IDefectEventWriter events)
    {
    }

    /// <inheritdoc />
    public AnalyzerCheckpoint SaveCheckpoint() => CheckpointSerializer.Write(Name, StateVersion, _builder.Save);

    /// <inheritdoc />
    public void RestoreCheckpoint(AnalyzerCheckpoint checkpoint) => CheckpointSerializer.Read(checkpoint, Name, StateVersion, _builder.Restore);
}
