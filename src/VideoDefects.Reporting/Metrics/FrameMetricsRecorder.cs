using VideoDefects.Analysis;
using VideoDefects.Frames;

namespace VideoDefects.Reporting.Metrics;

/// <summary>
/// An analyzer that records, per frame, the figures the HTML report plots: the mean absolute luma difference to the
/// previous frame (what a freeze flattens and a cut spikes) and the mean luma. Reads the features the pipeline computes
/// anyway, so it costs a few bytes per frame; add it to the pipeline next to the detectors.
/// </summary>
public sealed class FrameMetricsRecorder : IFrameAnalyzer
{
    private readonly List<FrameMetric> _points = [];

    /// <inheritdoc />
    public string Name => "metrics";

    /// <inheritdoc />
    public bool WantsAudio => false;

    /// <inheritdoc />
    public bool NeedsChroma => false;

    /// <summary>One point per frame analysed.</summary>
    public IReadOnlyList<FrameMetric> Points => _points;

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

/// <summary>Per-frame figures for the plots.</summary>
/// <param name="Time">Seconds.</param>
/// <param name="Mafd">Mean absolute luma difference to the previous frame.</param>
/// <param name="LumaMean">Mean luma.</param>
public readonly record struct FrameMetric(double Time, double Mafd, double LumaMean);
