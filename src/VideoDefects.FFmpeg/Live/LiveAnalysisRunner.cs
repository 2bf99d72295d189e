using VideoDefects.Analysis;
using VideoDefects.Errors;
using VideoDefects.Pipeline;

namespace VideoDefects.FFmpeg.Live;

/// <summary>
/// Watches one live input for as long as asked — the supervision loop every host that monitors streams shares: decode
/// and analyse while the input delivers; when it fails, stalls or ends, report <c>signalLoss</c>, reconnect with
/// jittered exponential back-off and continue the analysis where it stopped (checkpoint hand-off), on one stream clock
/// that counts outages. I/O and lifecycle only: the analysis is the pipeline's, what to do with events the host's.
/// </summary>
/// <remarks>An outage is one event published twice with the same id: as it begins (<see cref="ILiveRunObserver.EventStarted"/>,
/// end = start) and when the signal returns or the runner stops (<see cref="ILiveRunObserver.Event"/>, metrics
/// <c>ongoing</c> = 0 and <c>outageSeconds</c>), so sinks can upsert by id.</remarks>
public sealed class LiveAnalysisRunner
{
    private const string Detector = "monitor";
    private readonly LiveRunnerOptions _options;
    private readonly ILiveRunObserver _observer;
    private readonly Random _jitter = new();
    private PipelineCheckpoint? _handoff;
    private long? _lostAtTicks;
    private double _lostAtClock;

    /// <summary>Creates a runner; <see cref="RunAsync"/> starts it.</summary>
    public LiveAnalysisRunner(LiveRunnerOptions options, ILiveRunObserver observer)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(observer);
        options.Reconnect.Validate();
        _options = options;
        _observer = observer;
        _handoff = options.ResumeFrom;
    }

    /// <summary>What to do with the analysis when stopped; may be set until then. Default
    /// <see cref="LiveStopMode.Complete"/>.</summary>
    public LiveStopMode StopMode { get; set; }

    /// <summary>The state the next connection continues from (null before any frame was analysed).</summary>
    public PipelineCheckpoint? Checkpoint => _handoff;

    /// <summary>Runs until <paramref name="stopping"/> is cancelled, then completes or checkpoints the analysis
    /// (<see cref="StopMode"/>) and returns.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        var nominal = _options.Reconnect.InitialDelay;
        while (!stopping.IsCancellationRequested)
        {
            var connected = await RunOnceAsync(stopping).ConfigureAwait(false);
            if (stopping.IsCancellationRequested)
            {
                break;
            }

            nominal = connected ? _options.Reconnect.InitialDelay : nominal;
            try
            {
                await Task.Delay(_options.Reconnect.Jittered(nominal, _jitter.NextDouble()), _options.Time, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            nominal = _options.Reconnect.Next(nominal);
        }

        // Stopped during an outage: the loss so far is still reported, with an end.
        if (_lostAtTicks is not null)
        {
            PublishLoss(final: true);
        }

        _observer.Stopped(StopMode == LiveStopMode.Checkpoint ? _handoff : null);
    }

    /// <summary>One connection: returns whether frames flowed (then the back-off starts over).</summary>
    private async Task<bool> RunOnceAsync(CancellationToken stopping)
    {
        var analyzers = _options.CreateAnalyzers();
        try
        {
            return await RunOnceAsync(analyzers, stopping).ConfigureAwait(false);
        }
        finally
        {
            // A connection's analyzers end with it (their state goes on in the checkpoint): release what they hold.
            foreach (var analyzer in analyzers.OfType<IDisposable>())
            {
                analyzer.Dispose();
            }
        }
    }

    private async Task<bool> RunOnceAsync(IReadOnlyList<IFrameAnalyzer> analyzers, CancellationToken stopping)
    {
        AnalysisPipeline? pipeline = null;
        pipeline = new AnalysisPipeline(analyzers, new PipelineOptions
        {
            LiveEvents = new Writer(_observer),
            RetainEvents = false, // handed on as they come; a connection may last for months
            Progress = (frames, clock) => _observer.Progress(pipeline!, frames, clock),
        });
        var connected = false;
        string reason;
        try
        {
            var sourceOptions = _options.SourceOptions with { DecodeAudio = analyzers.Any(a => a.WantsAudio) };
            await using var source = new FFmpegSource(_options.Source, sourceOptions);
            pipeline.Configure(source);
            if (_options.RequestPacketTimings)
            {
                source.RequestPacketTimings();
            }

            var media = await source.OpenAsync(stopping).ConfigureAwait(false);
            pipeline.Start(media);
            if (_handoff is not null)
            {
                // Continue the same stream: the analyzers' state carries over, and the clock counts the outage.
                var outage = _lostAtTicks is { } lost ? _options.Time.GetElapsedTime(lost).TotalSeconds : 0;
                pipeline.RestoreCheckpoint(_handoff with { TimeSoFar = _handoff.TimeSoFar + outage });
            }

            connected = true;
            if (_lostAtTicks is not null)
            {
                PublishLoss(final: true);
            }

            _observer.Connected(media);
            await pipeline.ProcessAsync(source, stopping).ConfigureAwait(false);
            reason = "the input ended";
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            if (connected && StopMode == LiveStopMode.Complete)
            {
                pipeline.Complete(partial: true); // flushes open events: a freeze in progress gets its end
            }
            else if (connected)
            {
                _handoff = pipeline.SaveCheckpoint();
            }

            return connected;
        }
        catch (MediaException e)
        {
            reason = e.Message;
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException)
        {
            // A checkpoint that no longer fits (the stream changed size): start the analysis afresh.
            reason = e.Message;
            _handoff = null;
        }

        if (connected)
        {
            _handoff = pipeline.SaveCheckpoint();
        }

        _observer.Disconnected(reason);
        BeginLoss();
        return connected;
    }

    private void BeginLoss()
    {
        if (_lostAtTicks is not null)
        {
            return;
        }

        _lostAtTicks = _options.Time.GetTimestamp();
        _lostAtClock = _handoff?.TimeSoFar ?? 0;
        PublishLoss(final: false);
    }

    private void PublishLoss(bool final)
    {
        var duration = final && _lostAtTicks is { } lost ? _options.Time.GetElapsedTime(lost).TotalSeconds : 0;
        var loss = new DefectEvent
        {
            Kind = DefectKind.SignalLoss,
            Start = Math.Round(_lostAtClock, 3),
            End = Math.Round(_lostAtClock + duration, 3),
            Confidence = 1,
            Detector = Detector,
            Metrics = new Dictionary<string, double> { ["ongoing"] = final ? 0 : 1, ["outageSeconds"] = Math.Round(duration, 3), ["inputLost"] = 1 },
        };
        if (final)
        {
            _lostAtTicks = null;
            _observer.Event(loss);
        }
        else
        {
            _observer.EventStarted(loss);
        }
    }

    /// <summary>Hands the pipeline's live events to the observer.</summary>
    private sealed class Writer(ILiveRunObserver observer) : IDefectEventWriter
    {
        public void Write(DefectEvent defect) => observer.Event(defect);

        public void Started(DefectEvent provisional) => observer.EventStarted(provisional);
    }
}
