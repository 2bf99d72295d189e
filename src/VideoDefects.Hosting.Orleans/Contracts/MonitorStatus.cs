namespace VideoDefects.Hosting.Orleans;

/// <summary>A monitor's state as seen from outside.</summary>
/// <param name="Running">Started and not stopped.</param>
/// <param name="Silo">The silo the monitor runs on now (null when not running).</param>
/// <param name="Frames">Frames analysed on the stream's clock (across silos).</param>
/// <param name="StreamSeconds">Stream time analysed (including outages).</param>
/// <param name="LastCheckpoint">When state was last written to storage.</param>
/// <param name="Events">Events in the durable log.</param>
/// <param name="Resumes">How often the monitor was resumed from a checkpoint (silo failures, restarts).</param>
/// <param name="LastError">The last input failure (the monitor reconnects by itself).</param>
/// <param name="EventsDropped">Events dropped from the front of the durable log to keep it within
/// <see cref="MonitorConfig.EventLogCapacity"/>.</param>
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
    [property: Id(7)] string? LastError,
    [property: Id(8)] long EventsDropped = 0);
