namespace VideoDefects.Hosting.Orleans;

/// <summary>One stream, monitored on whichever silo holds it; the grain key is the stream id.</summary>
[Alias("videodefects.IStreamMonitorGrain")]
public interface IStreamMonitorGrain : IGrainWithStringKey
{
    /// <summary>Starts monitoring (idempotent for the same configuration; a new one restarts the analysis).</summary>
    [Alias("start")]
    Task StartAsync(MonitorConfig config);

    /// <summary>Stops monitoring: the FFmpeg process ends, open events are closed and kept in the log.</summary>
    [Alias("stop")]
    Task StopAsync();

    /// <summary>The monitor's state.</summary>
    [Alias("status")]
    Task<MonitorStatus> GetStatusAsync();

    /// <summary>Durable events with a sequence after <paramref name="since"/>.</summary>
    [Alias("events")]
    Task<StoredEvent[]> GetEventsAsync(long since);

    /// <summary>Keep-alive: activates the grain (resuming a running monitor from its checkpoint) if its silo died.</summary>
    [Alias("ensure-running")]
    Task EnsureRunningAsync();
}
