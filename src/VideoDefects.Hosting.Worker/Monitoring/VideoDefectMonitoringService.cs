using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VideoDefects.Detectors.Registry;

namespace VideoDefects.Hosting.Worker;

/// <summary>The hosted service: one isolated <see cref="StreamMonitor"/> per configured stream; on shutdown every
/// monitor flushes its open events and the sinks deliver what is queued.</summary>
internal sealed class VideoDefectMonitoringService(
    IOptions<VideoDefectMonitoringOptions> options,
    DetectorRegistry registry,
    EventDispatcher events,
    StreamHealth health,
    MonitoringMetrics metrics,
    TimeProvider time,
    ILoggerFactory loggers) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var logger = loggers.CreateLogger("VideoDefects.Monitoring");
        var monitors = options.Value.Streams
            .Select(s => Task.Run(() => new StreamMonitor(s, registry, options.Value, events, health, metrics, time, logger).RunAsync(stoppingToken), CancellationToken.None))
            .ToArray();
        await Task.WhenAll(monitors).ConfigureAwait(false);
        await events.DisposeAsync().ConfigureAwait(false);
    }
}
