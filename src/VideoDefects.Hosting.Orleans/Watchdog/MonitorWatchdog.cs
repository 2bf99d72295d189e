using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VideoDefects.Hosting.Orleans.Grains;

namespace VideoDefects.Hosting.Orleans.Watchdog;

/// <summary>
/// Runs on every silo: each interval it pings every registered monitor. A monitor whose silo died is activated by the
/// ping on a live silo and resumes from its checkpoint, so failover takes at most about one interval after the
/// cluster has declared the silo dead. Pings are idempotent; several silos sending them is harmless.
/// </summary>
internal sealed partial class MonitorWatchdog(IGrainFactory grains, IOptions<VideoDefectsOrleansOptions> options, ILogger<MonitorWatchdog> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.WatchdogInterval;
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                var streams = await grains.GetGrain<IMonitorRegistryGrain>(MonitorRegistryGrain.DefaultKey).GetAsync().ConfigureAwait(false);
                await Task.WhenAll(streams.Select(s => PingAsync(s, interval))).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // The registry's silo may be the one that just died: the next tick finds it reactivated.
                PingFailed(logger, "registry", e.Message);
            }
        }
    }

    private async Task PingAsync(string stream, TimeSpan interval)
    {
        try
        {
            await grains.GetGrain<IStreamMonitorGrain>(stream).EnsureRunningAsync().WaitAsync(interval).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OrleansException)
        {
            PingFailed(logger, stream, e.Message);
        }
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Debug, Message = "Watchdog ping of {Target} failed: {Reason}")]
    private static partial void PingFailed(ILogger logger, string target, string reason);
}
