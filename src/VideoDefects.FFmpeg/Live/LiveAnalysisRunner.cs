using VideoDefects.Analysis;
using VideoDefects.Detectors.Registry;
using VideoDefects.Errors;
using VideoDefects.Frames;
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
        using var frames = new ReusedFrames();
        var nominal = _options.Reconnect.InitialDelay;
        while (!stopping.IsCancellationRequested)
        {
            var connected = await RunOnceAsync(frames, stopping).ConfigureAwait(false);
            if (stopping.IsCancellationRequested)
            {
                break;
            }

            nominal = connected ? _options.Reconnect.InitialDelay : nominal;
            if (connected && _options.CollectAfterConnection)
            {
                ConnectionGarbage.Collect();
            }

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
    private async Task<bool> RunOnceAsync(ReusedFrames frames, CancellationToken stopping)
    {
        var analyzers = _options.CreateAnalyzers();
        AnalysisPipeline? pipeline = null;
        pipeline = new AnalysisPipeline(analyzers, new PipelineOptions
        {
            LiveEvents = new Writer(_observer),
            RetainEvents = false, // handed on as they come; a connection may last for months
            Progress = (count, clock) => _observer.Progress(pipeline!, count, clock),
        });
        try
        {
            return await RunOnceAsync(pipeline, analyzers, frames, stopping).ConfigureAwait(false);
        }
        finally
        {
            // A connection's pipeline and analyzers end with it (their state goes on in the checkpoint): release what
            // they hold — the pipeline's last frame goes back to the stream's pool.
            pipeline.Dispose();
            DetectorSet.DisposeAll(analyzers);
        }
    }

    private async Task<bool> RunOnceAsync(AnalysisPipeline pipeline, IReadOnlyList<IFrameAnalyzer> analyzers, ReusedFrames frames, CancellationToken stopping)
    {
        var connected = false;
        string reason;
        try
        {
            var sourceOptions = _options.SourceOptions with { DecodeAudio = analyzers.Any(a => a.WantsAudio), FramePool = frames.For };
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

    /// <summary>One background full collection after a connection that delivered frames ends, at most one a minute in
    /// the process however many streams reconnect. What a connection leaves (its checkpoint's copy of the last picture,
    /// the detectors' serialised state, the decoder's pipes and process) is large-object-heap and gen2 garbage, which
    /// only a full collection returns; a monitor that allocates nothing per frame may not need one for many minutes,
    /// so without this its memory steps up at every reconnect until the large-object budget runs out (measured over
    /// 28 minutes with a stream dropping out every 2 minutes, frames already reused: +8.5 MiB and one full collection
    /// in all; with this, +0.9 MiB).</summary>
    private static class ConnectionGarbage
    {
        private const long MinimumIntervalMs = 60_000;
        private static long _last = -MinimumIntervalMs;

        public static void Collect()
        {
            var now = Environment.TickCount64;
            var last = Interlocked.Read(ref _last);
            if (now - last >= MinimumIntervalMs && Interlocked.CompareExchange(ref _last, now, last) == last)
            {
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: false);
            }
        }
    }

    /// <summary>The stream's frame pool, kept over reconnects while the picture keeps its format: each connection then
    /// reuses the frames the last one gave back instead of leaving them to the next full garbage collection.</summary>
    private sealed class ReusedFrames : IDisposable
    {
        private VideoFramePool? _pool;

        public VideoFramePool For(VideoFormat format)
        {
            if (_pool?.Format != format)
            {
                _pool?.Dispose();
                _pool = new VideoFramePool(format);
            }

            return _pool;
        }

        public void Dispose() => _pool?.Dispose();
    }

    /// <summary>Hands the pipeline's live events to the observer.</summary>
    private sealed class Writer(ILiveRunObserver observer) : IDefectEventWriter
    {
        public void Write(DefectEvent defect) => observer.Event(defect);

        public void Started(DefectEvent provisional) => observer.EventStarted(provisional);
    }
}
