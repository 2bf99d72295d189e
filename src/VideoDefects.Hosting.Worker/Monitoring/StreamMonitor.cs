using Microsoft.Extensions.Logging;
using VideoDefects.Analysis;
using VideoDefects.Detectors;
using VideoDefects.Detectors.AvSync;
using VideoDefects.Detectors.AvSync.Reference;
using VideoDefects.Detectors.Frozen;
using VideoDefects.Detectors.Loudness;
using VideoDefects.Detectors.Registry;
using VideoDefects.Errors;
using VideoDefects.FFmpeg;
using VideoDefects.FFmpeg.Live;
using VideoDefects.FFmpeg.Reference;
using VideoDefects.Frames;
using VideoDefects.Hosting.Worker.Configuration;
using VideoDefects.Pipeline;

namespace VideoDefects.Hosting.Worker;

/// <summary>
/// Watches one stream forever on a <see cref="LiveAnalysisRunner"/> (which reconnects, hands the analysis' state across
/// outages and reports them as <c>signalLoss</c>) and connects it to the worker's sinks, health and metrics.
/// </summary>
/// <remarks>A stream with a <see cref="StreamOptions.Reference"/> runs a second monitor beside it that only records the
/// reference (<paramref name="recordsReference"/>), reconnecting on its own.</remarks>
internal sealed partial class StreamMonitor(
    StreamOptions stream,
    DetectorRegistry registry,
    VideoDefectMonitoringOptions options,
    EventDispatcher events,
    StreamHealth health,
    MonitoringMetrics metrics,
    TimeProvider time,
    ILogger logger,
    LiveSyncReference? recordsReference = null)
{
    private readonly LiveSyncReference? _reference = recordsReference is null && !string.IsNullOrWhiteSpace(stream.Reference)
        ? new LiveSyncReference((3 * stream.ReferenceWindow) + (2 * stream.ReferenceMaxOffset) + TimeSpan.FromSeconds(10)) // what the comparisons need, and slack
        : null;

    private DetectorSettings? _settings;

    public async Task RunAsync(CancellationToken stopping)
    {
        var reference = _reference is null
            ? Task.CompletedTask
            : new StreamMonitor(
                new StreamOptions { Name = stream.Name + ".reference", Source = stream.Reference!, TrustedInput = stream.TrustedInput },
                registry, options, events, health, metrics, time, logger, _reference).RunAsync(stopping);
        health.Set(stream.Name, StreamState.Starting);
        var sourceOptions = new FFmpegSourceOptions
        {
            Limits = MediaLimits.Default with { ReadTimeout = options.StallTimeout },
            TrustedInput = stream.TrustedInput,
        };
        var runner = new LiveAnalysisRunner(
            new LiveRunnerOptions
            {
                Source = stream.Source,
                CreateAnalyzers = CreateDetectors,
                SourceOptions = recordsReference is null ? sourceOptions : ReferenceSignature.FingerprintOptions(sourceOptions),
                RequestPacketTimings = recordsReference is not null, // how a live source learns where its sound starts
                Reconnect = options.Reconnect,
                Time = time,
            },
            new Observer(stream.Name, health, metrics, logger, Publish, PublishStarted));
        await runner.RunAsync(stopping).ConfigureAwait(false);
        await reference.ConfigureAwait(false);
    }

    private IFrameAnalyzer[] CreateDetectors() => recordsReference is not null ? [recordsReference.Recorder] : [.. registry.Create(stream.Detectors, Settings)];

    /// <summary>The stream's detector settings, read from its configuration once (every connection uses them; the
    /// options validator checked them at start-up).</summary>
    private DetectorSettings Settings => _settings ??= WithReference(StreamDetectorSettings.For(stream, registry));

    private DetectorSettings WithReference(DetectorSettings settings) => _reference is null
        ? settings
        : settings with { AvSync = settings.AvSync with { LiveReference = _reference, Window = stream.ReferenceWindow, ReferenceMaxOffset = stream.ReferenceMaxOffset } };

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Stream}: connected, {Width}x{Height} at {Rate:0.##} fps")]
    private static partial void Connected(ILogger logger, string stream, int width, int height, double rate);

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

    /// <summary>The runner's side of the stream: events to the sinks (tagged with the stream), health, metrics and
    /// logs.</summary>
    private sealed class Observer(
        string name, StreamHealth health, MonitoringMetrics metrics, ILogger logger, Action<DefectEvent> publish, Action<DefectEvent> publishStarted)
        : ILiveRunObserver
    {
        public void Event(DefectEvent defect) => publish(defect);

        public void EventStarted(DefectEvent provisional)
        {
            if (provisional.Kind == DefectKind.SignalLoss)
            {
                health.Set(name, StreamState.Down);
            }

            publishStarted(provisional);
        }

        public void Connected(MediaInfo media)
        {
            health.FrameArrived(name);
            StreamMonitor.Connected(logger, name, media.Video.Width, media.Video.Height, media.Video.FrameRate);
        }

        public void Progress(AnalysisPipeline pipeline, long frames, double streamSeconds)
        {
            metrics.Frames(name, 25);
            health.FrameArrived(name);
        }

        public void Disconnected(string reason)
        {
            health.Set(name, StreamState.Down);
            metrics.Reconnect(name);
            Lost(logger, name, reason);
        }
    }
}
