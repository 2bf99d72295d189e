using Microsoft.Extensions.Logging;
using VideoDefects.Analysis;
using VideoDefects.Detectors;
using VideoDefects.Detectors.Registry;
using VideoDefects.Errors;
using VideoDefects.FFmpeg;
using VideoDefects.FFmpeg.Live;
using VideoDefects.Frames;
using VideoDefects.Pipeline;

namespace VideoDefects.Hosting.Orleans.Grains;

/// <summary>What a monitor hands its grain to persist: a consistent cut — the analyzers' state after a frame and
/// every event written up to that frame.</summary>
/// <param name="Checkpoint">The pipeline checkpoint (null after the stream was completed).</param>
/// <param name="Events">Events written since the previous snapshot was taken.</param>
/// <param name="Frames">Frames analysed on the stream's clock.</param>
/// <param name="Clock">Stream seconds analysed.</param>
internal sealed record MonitorSnapshot(byte[]? Checkpoint, DefectEvent[] Events, long Frames, double Clock);

/// <summary>
/// Runs one live stream's <see cref="LiveAnalysisRunner"/> on the thread pool — outside the grain's turns — and turns
/// what it hears into snapshots for the grain to persist: every final event, and a checkpoint every checkpoint interval
/// of stream time and whenever the input is lost.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "StopAsync disposes the token source; a run is always stopped by its grain.")]
internal sealed partial class MonitorRun(MonitorConfig config, DetectorRegistry registry, PipelineCheckpoint? resumeFrom, ILogger logger, CancellationToken siloStopping) : ILiveRunObserver
{
    private readonly string _name = InputName.Redact(config.Source);
    private readonly CancellationTokenSource _stop = CancellationTokenSource.CreateLinkedTokenSource(siloStopping);
    private readonly Lock _gate = new();
    private readonly List<DefectEvent> _unsaved = [];
    private LiveAnalysisRunner? _runner;
    private MonitorSnapshot? _latest;
    private Task? _task;
    private double _lastCheckpointClock = resumeFrom?.TimeSoFar ?? 0;

    public long Frames { get; private set; } = resumeFrom?.FramesSoFar ?? 0;

    public double Clock { get; private set; } = resumeFrom?.TimeSoFar ?? 0;

    public string? LastError { get; private set; }

    public void Start()
    {
        var settings = registry.ParseSettings(config.DetectorOptions); // checked when the monitor was started
        _runner = new LiveAnalysisRunner(
            new LiveRunnerOptions
            {
                Source = config.Source,
                CreateAnalyzers = () => registry.Create(config.Detectors, settings),
                SourceOptions = new FFmpegSourceOptions { TrustedInput = config.TrustedInput, Limits = MediaLimits.Default with { ReadTimeout = config.StallTimeout } },
                ResumeFrom = resumeFrom,
            },
            this);
        _task = Task.Run(() => _runner.RunAsync(_stop.Token));
    }

    /// <summary>The newest snapshot not yet taken (with every event since the last one taken), or null.</summary>
    public MonitorSnapshot? TakeSnapshot()
    {
        lock (_gate)
        {
            var snapshot = _latest;
            _latest = null;
            return snapshot;
        }
    }

    /// <summary>Stops the analysis (and its FFmpeg process). <paramref name="complete"/>: the stream is over, so open
    /// events are closed; otherwise the state is checkpointed to be resumed elsewhere.</summary>
    public async Task<MonitorSnapshot?> StopAsync(bool complete)
    {
        if (_runner is not null)
        {
            _runner.StopMode = complete ? LiveStopMode.Complete : LiveStopMode.Checkpoint;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        if (_task is not null)
        {
            await _task.ConfigureAwait(false);
        }

        _stop.Dispose();
        return TakeSnapshot();
    }

    /// <summary>The event for a gap in the analysis while the monitor moved to another silo.</summary>
    public static DefectEvent SignalLoss(double startClock, double seconds, long atFrame, string cause) => new()
    {
        Kind = DefectKind.SignalLoss,
        Start = Math.Round(startClock, 3),
        End = Math.Round(startClock + seconds, 3),
        Confidence = 1,
        FirstFrame = atFrame,
        Detector = "monitor",
        Metrics = new Dictionary<string, double> { ["outageSeconds"] = Math.Round(seconds, 3), [cause] = 1 },
    };

    /// <summary>Keeps final events; provisional ("started") ones are not durable and are left to live sinks.</summary>
    public void Event(DefectEvent defect)
    {
        lock (_gate)
        {
            _unsaved.Add(defect);
        }
    }

    public void Connected(MediaInfo media) => Connected(logger, _name);

    /// <summary>Between frames: a checkpoint every interval of stream time.</summary>
    public void Progress(AnalysisPipeline pipeline, long frames, double streamSeconds)
    {
        Frames = frames;
        Clock = streamSeconds;
        if (streamSeconds - _lastCheckpointClock >= config.CheckpointInterval.TotalSeconds)
        {
            _lastCheckpointClock = streamSeconds;
            Publish(pipeline.SaveCheckpoint().ToBytes(), frames, streamSeconds);
        }
    }

    /// <summary>The input was lost: its state so far is what a silo taking over would continue from.</summary>
    public void Disconnected(string reason)
    {
        LastError = reason;
        Lost(logger, _name, reason);
        if (_runner?.Checkpoint is { } checkpoint)
        {
            Publish(checkpoint.ToBytes(), checkpoint.FramesSoFar, checkpoint.TimeSoFar);
        }
    }

    /// <summary>Completed (null checkpoint: the stream is over) or checkpointed to move.</summary>
    public void Stopped(PipelineCheckpoint? checkpoint) =>
        Publish(checkpoint?.ToBytes(), checkpoint?.FramesSoFar ?? Frames, checkpoint?.TimeSoFar ?? Clock);

    private void Publish(byte[]? checkpoint, long frames, double clock)
    {
        lock (_gate)
        {
            var events = _latest is null ? [.. _unsaved] : _latest.Events.Concat(_unsaved).ToArray();
            _unsaved.Clear();
            _latest = new MonitorSnapshot(checkpoint, events, frames, clock);
        }
    }

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "{Source}: connected")]
    private static partial void Connected(ILogger logger, string source);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "{Source}: input lost: {Reason}")]
    private static partial void Lost(ILogger logger, string source, string reason);
}
