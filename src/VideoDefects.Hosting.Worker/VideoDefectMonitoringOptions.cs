using VideoDefects.FFmpeg.Live;
namespace VideoDefects.Hosting.Worker;

/// <summary>What to monitor and how; bound from the <c>VideoDefects</c> configuration section.</summary>
public sealed class VideoDefectMonitoringOptions
{
    /// <summary>The configuration section these options are read from.</summary>
    public const string SectionName = "VideoDefects";

    /// <summary>The streams to watch, each with its own monitor. At least one.</summary>
    public List<StreamOptions> Streams { get; set; } = [];

    /// <summary>Reconnect back-off after a stream fails or stalls (<c>InitialDelay</c> 1 s, <c>MaxDelay</c> 30 s,
    /// <c>Multiplier</c> 2, <c>Jitter</c> 0.2): the live runner's own policy, bound from configuration.</summary>
    public ReconnectPolicy Reconnect { get; set; } = new();

    /// <summary>A stream that delivers nothing for this long counts as lost. Default 10 s (1 s to 10 min).</summary>
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>JSON-lines event log; disabled when <see cref="EventLogOptions.Path"/> is empty.</summary>
    public EventLogOptions EventLog { get; set; } = new();

    /// <summary>HTTP webhook; disabled when <see cref="WebhookOptions.Url"/> is empty.</summary>
    public WebhookOptions Webhook { get; set; } = new();
}
