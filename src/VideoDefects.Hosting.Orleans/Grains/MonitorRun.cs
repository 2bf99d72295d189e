using Microsoft.Extensions.Logging;
using VideoDefects.Analysis;
using VideoDefects.Detectors;
using VideoDefects.Errors;
using VideoDefects.FFmpeg;
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
/// Decodes and analyses one live stream on the thread pool — outside the grain's turns — reconnecting with back-off
/// when the input fails (each outage a <c>signalLoss</c> event), and publishing a snapshot every checkpoint interval
/// of stream time for the grain to persist.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "StopAsync disposes the token source; a run is always stopped by its grain.")]
internal sealed partial class MonitorRun(MonitorConfig config, PipelineCheckpoint? resumeFrom, ILogger logger, CancellationToken siloStopping)
{
    private readonly string _name = InputName.Redact(config.Source);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private readonly CancellationTokenSource _stop = CancellationTokenSource.CreateLinkedTokenSource(siloStopping);
    private readonly Lock _gate = new();
    private readonly List<DefectEvent> _unsaved = [];
    private MonitorSnapshot? _latest;
    private Task? _task;
    private double _lastCheckpointClock = resumeFrom?.TimeSoFar ?? 0;
    private bool _complete;

    public long Frames { get; private set; } = resumeFrom?.FramesSoFar ?? 0;

    public double Clock { get; private set; } = resumeFrom?.TimeSoFar ?? 0;

    public string? LastError { get; private set; }

    public void Start() => _task = Task.Run(() => LoopAsync(_stop.Token));

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
        _complete = complete;
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_task is not null)
        {
            await _task.ConfigureAwait(false);
        }

        _stop.Dispose();
        return TakeSnapshot();
    }

    /// <summary>The event for a gap in the analysis: the input was lost, or the monitor moved to another silo.</summary>
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

    private async Task LoopAsync(CancellationToken stopping)
    {
        var checkpoint = resumeFrom;
        var delay = TimeSpan.FromSeconds(1);
        long? lostAt = null;
        while (!stopping.IsCancellationRequested)
        {
            AnalysisPipeline? pipeline = null;
            var started = false;
            try
            {
                var detectors = DetectorCatalog.Create(config.Detectors);
                pipeline = new AnalysisPipeline(detectors, new PipelineOptions
                {
                    LiveEvents = new Collector(this),
                    RetainEvents = false, // published as they come; a connection may last for months
                    Progress = (frames, clock) => OnProgress(pipeline!, frames, clock),
                });
                await using var source = new FFmpegSource(config.Source, new FFmpegSourceOptions
                {
                    TrustedInput = config.TrustedInput,
                    DecodeAudio = detectors.Any(d => d.WantsAudio),
                });
                pipeline.Configure(source);
                var media = await source.OpenAsync(stopping).ConfigureAwait(false);
                pipeline.Start(media);
                if (checkpoint is not null)
                {
                    var outage = lostAt is { } lost ? System.Diagnostics.Stopwatch.GetElapsedTime(lost).TotalSeconds : 0;
                    pipeline.RestoreCheckpoint(checkpoint with { TimeSoFar = checkpoint.TimeSoFar + outage });
                    if (lostAt is not null)
                    {
                        Add(SignalLoss(checkpoint.TimeSoFar, outage, checkpoint.FramesSoFar, "inputLost"));
                    }
                }

                started = true;
                lostAt = null;
                delay = TimeSpan.FromSeconds(1);
                Connected(logger, _name);
                await pipeline.ProcessAsync(source, stopping).ConfigureAwait(false);
                LastError = "the input ended";
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                if (started)
                {
                    Finish(pipeline!);
                }
                else if (checkpoint is not null && !_complete)
                {
                    Publish(checkpoint.ToBytes(), checkpoint.FramesSoFar, checkpoint.TimeSoFar);
                }

                return;
            }
            catch (Exception e) when (e is MediaException or ArgumentException or InvalidDataException)
            {
                LastError = e.Message;
                Lost(logger, _name, e.Message);
            }

            if (started)
            {
                checkpoint = pipeline!.SaveCheckpoint();
                Publish(checkpoint.ToBytes(), checkpoint.FramesSoFar, checkpoint.TimeSoFar);
            }

            lostAt ??= System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                await Task.Delay(delay, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, delay.Ticks * 2));
        }
    }

    /// <summary>Stopped while running: close open events (the stream is over) or checkpoint (it moves).</summary>
    private void Finish(AnalysisPipeline pipeline)
    {
        if (_complete)
        {
            pipeline.Complete(partial: true);
            Publish(null, pipeline.FramesAnalysed, Clock);
        }
        else
        {
            var checkpoint = pipeline.SaveCheckpoint();
            Publish(checkpoint.ToBytes(), checkpoint.FramesSoFar, checkpoint.TimeSoFar);
        }
    }

    /// <summary>Between frames (the pipeline's progress callback): a checkpoint every interval of stream time.</summary>
    private void OnProgress(AnalysisPipeline pipeline, long frames, double clock)
    {
        Frames = frames;
        Clock = clock;
        if (clock - _lastCheckpointClock >= config.CheckpointInterval.TotalSeconds)
        {
            _lastCheckpointClock = clock;
            Publish(pipeline.SaveCheckpoint().ToBytes(), frames, clock);
        }
    }

    private void Publish(byte[]? checkpoint, long frames, double clock)
    {
        lock (_gate)
        {
            var events = _latest is null ? [.. _unsaved] : _latest.Events.Concat(_unsaved).ToArray();
            _unsaved.Clear();
            _latest = new MonitorSnapshot(checkpoint, events, frames, clock);
        }
    }

    private void Add(DefectEvent defect)
    {
        lock (_gate)
        {
            _unsaved.Add(defect);
        }
    }

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "{Source}: connected")]
    private static partial void Connected(ILogger logger, string source);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "{Source}: input lost: {Reason}")]
    private static partial void Lost(ILogger logger, string source, string reason);

    /// <summary>Keeps final events; provisional ("started") ones are not durable and are left to live sinks.</summary>
    private sealed class Collector(MonitorRun run) : IDefectEventWriter
    {
        public void Write(DefectEvent defect) => run.Add(defect);
    }
}
