namespace VideoDefects.Hosting.Orleans.Grains;

/// <summary>What survives a silo: the configuration, the last checkpoint and the durable event log. Only plain
/// values — events as their report JSON — so any grain storage serializer (JSON or binary) stores it faithfully.</summary>
[GenerateSerializer]
[Alias("videodefects.monitor-state")]
internal sealed class StreamMonitorState
{
    [Id(0)]
    public MonitorConfig? Config { get; set; }

    [Id(1)]
    public bool Running { get; set; }

    [Id(2)]
    public byte[]? Checkpoint { get; set; }

    [Id(3)]
    public List<LoggedEvent> Events { get; set; } = [];

    [Id(4)]
    public long Frames { get; set; }

    [Id(5)]
    public double Clock { get; set; }

    [Id(6)]
    public DateTimeOffset? CheckpointAt { get; set; }

    [Id(7)]
    public int Resumes { get; set; }

    /// <summary>Events dropped from the front of the bounded log (<see cref="MonitorConfig.EventLogCapacity"/>).</summary>
    [Id(8)]
    public long EventsDropped { get; set; }
}

/// <summary>One entry of the durable event log.</summary>
[GenerateSerializer]
[Alias("videodefects.logged-event")]
internal sealed class LoggedEvent
{
    [Id(0)]
    public long Sequence { get; set; }

    [Id(1)]
    public string Id { get; set; } = string.Empty;

    /// <summary>The event as a report event line (<c>ReportJson.SerializeEventLine</c>).</summary>
    [Id(2)]
    public string Json { get; set; } = string.Empty;
}
