using VideoDefects.Analysis;
using VideoDefects.Detectors.Loudness;
using VideoDefects.Frames;

namespace VideoDefects.Reporting.Metrics;

/// <summary>
/// An analyzer that records, per frame, the figures the HTML report plots: the mean absolute luma difference to the
/// previous frame (what a freeze flattens and a cut spikes) and the mean luma. Reads the features the pipeline computes
/// anyway, so it costs a few bytes per frame; add it to the pipeline next to the detectors. With
/// <c>recordLoudness</c> it also records the momentary and short-term loudness every 100 ms for the loudness plot.
/// </summary>
public sealed class FrameMetricsRecorder : IFrameAnalyzer
{
    private readonly List<FrameMetric> _points = [];
    private readonly List<LoudnessPoint> _loudness = [];
    private readonly bool _recordLoudness;
    private readonly Action<LoudnessStep> _onStep;
    private LoudnessMeter? _meter;
    private double _audioOrigin;

    /// <summary>Creates a recorder; <paramref name="recordLoudness"/> makes it ask for the audio too.</summary>
    public FrameMetricsRecorder(bool recordLoudness = false)
    {
        _recordLoudness = recordLoudness;
        _onStep = step => _loudness.Add(new LoudnessPoint(_audioOrigin + ((step.Index + 1) * 0.1), step.MomentaryLufs, step.ShortTermLufs));
    }

    /// <inheritdoc />
    public string Name => "metrics";

    /// <inheritdoc />
    public bool WantsAudio => _recordLoudness;

    /// <inheritdoc />
    public bool NeedsChroma => false;

    /// <summary>One point per frame analysed.</summary>
    public IReadOnlyList<FrameMetric> Points => _points;

    /// <summary>One point per 100 ms of audio (empty unless asked for and the input has audio).</summary>
    public IReadOnlyList<LoudnessPoint> Loudness => _loudness;

    /// <inheritdoc />
    public void Start(MediaInfo media)
    {
    }

    /// <inheritdoc />
    public void OnVideoFrame(VideoFrame frame, FrameFeatures features, IDefectEventWriter events)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(features);
        _points.Add(new FrameMetric(frame.Timestamp, features.HasPrevious ? features.LumaMafdToPrevious : 0, features.LumaMean));
    }

    /// <inheritdoc />
    public void OnAudio(AudioBlock block, IDefectEventWriter events)
    {
        ArgumentNullException.ThrowIfNull(block);
        if (_meter is null)
        {
            _meter = new LoudnessMeter(block.Format.SampleRate, block.Format.Channels);
            _audioOrigin = block.StreamOrigin;
        }

        _meter.Add(block.Samples, _onStep);
    }

    /// <inheritdoc />
    public void Complete(IDefectEventWriter events)
    {
    }

    /// <inheritdoc />
    public AnalyzerCheckpoint SaveCheckpoint() => new(Name, 1, []);

    /// <inheritdoc />
    public void RestoreCheckpoint(AnalyzerCheckpoint checkpoint)
    {
    }
}
