using Microsoft.Extensions.Logging;
using VideoDefects.Analysis;
using VideoDefects.Detectors;
using VideoDefects.Detectors.AvSync;
using VideoDefects.Detectors.AvSync.Reference;
using VideoDefects.Detectors.Frozen;
using VideoDefects.Detectors.Loudness;
using VideoDefects.Errors;
using VideoDefects.FFmpeg;
using VideoDefects.FFmpeg.Reference;
using VideoDefects.Pipeline;

namespace VideoDefects.Hosting.Worker;

/// <summary>
/// Watches one stream forever: decode and analyse while it delivers; when it fails, stalls or ends, report
/// <c>signalLoss</c>, reconnect with back-off and continue the analysis where it stopped (checkpoint hand-off), on
/// one continuous stream clock that counts outages. I/O and lifecycle only — the analysis is the core pipeline's.
/// </summary>
/// <remarks>A stream with a <see cref="StreamOptions.Reference"/> runs a second monitor beside it that only records the
/// reference (<paramref name="recordsReference"/>), reconnecting on its own.</remarks>
internal sealed partial class StreamMonitor(
    StreamOptions stream,
    VideoDefectMonitoringOptions options,
    EventDispatcher events,
    StreamHealth health,
    MonitoringMetrics metrics,
    TimeProvider time,
    ILogger logger,
    LiveSyncReference? recordsReference = null)
{
    private const string MonitorDetector = "monitor";
    private readonly LiveSyncReference? _reference = recordsReference is null && !string.IsNullOrWhiteSpace(stream.Reference)
        ? new LiveSyncReference((3 * stream.ReferenceWindow) + (2 * stream.ReferenceMaxOffset) + TimeSpan.FromSeconds(10)) // what the comparisons need, and slack
        : null;
    private PipelineCheckpoint? _handoff;
    private long? _lostAtTicks;
    private double _lostAtClock;

    public async Task RunAsync(CancellationToken stopping)
    {
        var reference = _reference is null
            ? Task.CompletedTask
            : new StreamMonitor(
                new StreamOptions { Name = stream.Name + ".reference", Source = stream.Reference!, TrustedInput = stream.TrustedInput },
                options, events, health, metrics, time, logger, _reference).RunAsync(stopping);
        await RunConnectionsAsync(stopping).ConfigureAwait(false);
        await reference.ConfigureAwait(false);
    }

    private async Task RunConnectionsAsync(CancellationToken stopping)
    {
        var delay = options.Reconnect.InitialDelay;
        while (!stopping.IsCancellationRequested)
        {
            var connected = await RunOnceAsync(stopping).ConfigureAwait(false);
            if (stopping.IsCancellationRequested)
            {
                break;
            }

            delay = connected ? options.Reconnect.InitialDelay : delay;
            metrics.Reconnect(stream.Name);
            try
            {
                await Task.Delay(delay, time, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            delay = TimeSpan.FromTicks(Math.Min(options.Reconnect.MaxDelay.Ticks, (long)(delay.Ticks * options.Reconnect.Multiplier)));
        }

        // Shutting down during an outage: the loss so far is still reported, with an end.
        if (_lostAtTicks is not null)
        {
            PublishLoss(final: true);
        }
    }

    /// <summary>One connection: returns whether frames flowed (then the back-off starts over).</summary>
    private async Task<bool> RunOnceAsync(CancellationToken stopping)
    {
        health.Set(stream.Name, _lostAtTicks is null ? StreamState.Starting : StreamState.Down);
        var detectors = CreateDetectors();
        var pipeline = new AnalysisPipeline(detectors, new PipelineOptions
        {
            LiveEvents = new Writer(Publish, PublishStarted),
            RetainEvents = false, // published as they come; a connection may last for months
            Progress = (_, _) =>
            {
                metrics.Frames(stream.Name, 25);
                health.FrameArrived(stream.Name);
            },
        });
        var connected = false;
        try
        {
            var sourceOptions = new FFmpegSourceOptions
            {
                Limits = MediaLimits.Default with { ReadTimeout = options.StallTimeout },
                DecodeAudio = detectors.Any(d => d.WantsAudio),
                TrustedInput = stream.TrustedInput,
            };
            await using var source = new FFmpegSource(stream.Source, recordsReference is null ? sourceOptions : ReferenceSignature.FingerprintOptions(sourceOptions));
            pipeline.Configure(source);
            if (recordsReference is not null)
            {
                // The packet listing is how a live source learns where its sound starts against its picture.
                source.RequestPacketTimings();
            }

            var media = await source.OpenAsync(stopping).ConfigureAwait(false);
            pipeline.Start(media);
            if (_handoff is not null)
            {
                // Continue the same stream: the detectors' state carries over, and the clock counts the outage.
                var outage = _lostAtTicks is { } lost ? time.GetElapsedTime(lost).TotalSeconds : 0;
                pipeline.RestoreCheckpoint(_handoff with { TimeSoFar = _handoff.TimeSoFar + outage });
            }

            connected = true;
            health.FrameArrived(stream.Name);
            if (_lostAtTicks is not null)
            {
                PublishLoss(final: true);
            }

            Connected(logger, stream.Name, media.Video.Width, media.Video.Height, media.Video.FrameRate);
            await pipeline.ProcessAsync(source, stopping).ConfigureAwait(false);
            Ended(logger, stream.Name);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            if (connected)
            {
                pipeline.Complete(partial: true); // flushes open events: a freeze in progress gets its end
            }

            return connected;
        }
        catch (MediaException e)
        {
            Lost(logger, stream.Name, e.Message);
        }
        catch (ArgumentException e)
        {
            // A checkpoint that no longer fits (the stream changed size): start the analysis afresh.
            Lost(logger, stream.Name, e.Message);
            _handoff = null;
        }

        if (connected)
        {
            _handoff = pipeline.SaveCheckpoint();
        }

        BeginLoss();
        return connected;
    }

    private IFrameAnalyzer[] CreateDetectors() => recordsReference is not null ? [recordsReference.Recorder] : [.. DetectorCatalog.Create(stream.Detectors, new DetectorSettings
    {
        Frozen = new FrozenFrameDetectorOptions
        {
            MinDuration = stream.FreezeMinDuration,
            IgnoreRegions = [.. stream.IgnoreRegions.Select(PixelRegion.Parse)],
            DiscountLiveGraphics = stream.LearnLiveGraphics,
        },
        AvSync = _reference is null ? new() : new() { LiveReference = _reference, Window = stream.ReferenceWindow, ReferenceMaxOffset = stream.ReferenceMaxOffset },
        Loudness = new() { Profile = stream.LoudnessProfile is { Length: > 0 } profile ? LoudnessProfile.Find(profile) : null },
    })];

    private void BeginLoss()
    {
        health.Set(stream.Name, StreamState.Down);
        if (_lostAtTicks is not null)
        {
            return;
        }

        _lostAtTicks = time.GetTimestamp();
        _lostAtClock = _handoff?.TimeSoFar ?? 0;
        PublishLoss(final: false);
    }

    /// <summary>An ongoing loss is published once when it begins (end = start, <c>ongoing</c> = 1) and again, with
    /// the same id, when the signal returns or the host stops: sinks can upsert by id.</summary>
    private void PublishLoss(bool final)
    {
        var duration = final && _lostAtTicks is { } lost ? time.GetElapsedTime(lost).TotalSeconds : 0;
        events.Publish(new StreamDefectEvent(stream.Name, new DefectEvent
        {
            Kind = DefectKind.SignalLoss,
            Start = Math.Round(_lostAtClock, 3),
            End = Math.Round(_lostAtClock + duration, 3),
            Confidence = 1,
            Detector = MonitorDetector,
            Metrics = new Dictionary<string, double> { ["ongoing"] = final ? 0 : 1, ["outageSeconds"] = Math.Round(duration, 3) },
        }, time.GetUtcNow()));
        if (final)
        {
            _lostAtTicks = null;
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Stream}: connected, {Width}x{Height} at {Rate:0.##} fps")]
    private static partial void Connected(ILogger logger, string stream, int width, int height, double rate);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "{Stream}: input ended")]
    private static partial void Ended(ILogger logger, string stream);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "{Stream}: signal lost: {Reason}")]
    private static partial void Lost(ILogger logger, string stream, string reason);

    private void Publish(DefectEvent defect) => events.Publish(new StreamDefectEvent(stream.Name, defect, time.GetUtcNow()));

    /// <summary>A defect still going on is published at once with <c>ongoing</c> = 1; its final form (same id)
    /// follows when it ends.</summary>
    private void PublishStarted(DefectEvent provisional)
    {
        var metrics = new Dictionary<string, double>(provisional.Metrics ?? new Dictionary<string, double>()) { ["ongoing"] = 1 };
        Publish(provisional with { Metrics = metrics });
    }

    /// <summary>Forwards the pipeline's live events to the sinks, tagged with the stream.</summary>
    private sealed class Writer(Action<DefectEvent> publish, Action<DefectEvent> started) : IDefectEventWriter
    {
        public void Write(DefectEvent defect) => publish(defect);

        public void Started(DefectEvent provisional) => started(provisional);
    }
}
