using VideoDefects.Analysis;

namespace VideoDefects.Hosting.Orleans;

/// <summary>What to monitor and how.</summary>
[GenerateSerializer]
[Alias("videodefects.monitor-config")]
public sealed record MonitorConfig
{
    /// <summary>The live input (UDP/SRT/RTMP/HLS URL or any source FFmpeg opens).</summary>
    [Id(0)]
    public required string Source { get; init; }

    /// <summary>Detector names (see <c>DetectorCatalog.Names</c>); all when empty. Split a stream's detectors over
    /// several grains (keys such as <c>cam1/video</c> and <c>cam1/avsync</c>) to run them on different silos.</summary>
    [Id(1)]
    public string[] Detectors { get; init; } = [];

    /// <summary>How often the analyzers' state and the event log are written to grain storage: at most this much
    /// stream time is re-lived — or lost, for a live input — after a silo dies.</summary>
    [Id(2)]
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The source is the operator's own (skips the protocol whitelist and egress guard).</summary>
    [Id(3)]
    public bool TrustedInput { get; init; }
}

/// <summary>A monitor's state as seen from outside.</summary>
/// <param name="Running">Started and not stopped.</param>
/// <param name="Silo">The silo the monitor runs on now (null when not running).</param>
/// <param name="Frames">Frames analysed on the stream's clock (across silos).</param>
/// <param name="StreamSeconds">Stream time analysed (including outages).</param>
/// <param name="LastCheckpoint">When state was last written to storage.</param>
/// <param name="Events">Events in the durable log.</param>
/// <param name="Resumes">How often the monitor was resumed from a checkpoint (silo failures, restarts).</param>
/// <param name="LastError">The last input failure (the monitor reconnects by itself).</param>
[GenerateSerializer]
[Alias("videodefects.monitor-status")]
public sealed record MonitorStatus(
    [property: Id(0)] bool Running,
    [property: Id(1)] string? Silo,
    [property: Id(2)] long Frames,
    [property: Id(3)] double StreamSeconds,
    [property: Id(4)] DateTimeOffset? LastCheckpoint,
    [property: Id(5)] int Events,
    [property: Id(6)] int Resumes,
    [property: Id(7)] string? LastError);

/// <summary>An event in a monitor's durable log.</summary>
/// <param name="Sequence">Position in the log (1, 2, …); poll with <c>GetEventsAsync(lastSeen)</c>.</param>
/// <param name="Event">The event; its <see cref="DefectEvent.Id"/> is stable across checkpoints and silos.</param>
[GenerateSerializer]
[Alias("videodefects.stored-event")]
public sealed record StoredEvent([property: Id(0)] long Sequence, [property: Id(1)] DefectEvent Event);

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
