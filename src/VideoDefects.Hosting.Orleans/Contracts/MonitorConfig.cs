namespace VideoDefects.Hosting.Orleans;

/// <summary>What to monitor and how.</summary>
[GenerateSerializer]
[Alias("videodefects.monitor-config")]
public sealed record MonitorConfig
{
    /// <summary>The live input (UDP/SRT/RTMP/HLS URL or any source FFmpeg opens).</summary>
    [Id(0)]
    public required string Source { get; init; }

    /// <summary>Detector names (see <c>DetectorRegistry.Default.Names</c>); all when empty. Split a stream's detectors over
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

    /// <summary>The default of <see cref="EventLogCapacity"/>.</summary>
    public const int DefaultEventLogCapacity = 1000;

    /// <summary>How many events the durable log keeps (the newest; older ones are dropped and counted in
    /// <see cref="MonitorStatus.EventsDropped"/>). The whole log is written with every checkpoint, so it is bounded for a
    /// monitor that runs for months; poll <c>GetEventsAsync</c> or subscribe a sink to keep every event. Default
    /// <see cref="DefaultEventLogCapacity"/>.</summary>
    [Id(4)]
    public int EventLogCapacity { get; init; } = DefaultEventLogCapacity;

    /// <summary>Detector options as JSON keyed by detector name (see <c>DetectorRegistry.ParseSettings</c>), e.g.
    /// <c>{"frozen": {"minDuration": "00:00:02"}}</c>; null: every detector's defaults. Checked when the monitor starts.</summary>
    [Id(5)]
    public string? DetectorOptions { get; init; }

    /// <summary>How long the input may send nothing before it counts as lost (<c>signalLoss</c>, then a reconnect).
    /// Default 15 s; 1 s to 10 min.</summary>
    [Id(6)]
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(15);
}
