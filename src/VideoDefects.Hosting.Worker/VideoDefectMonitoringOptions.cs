using System.ComponentModel.DataAnnotations;

namespace VideoDefects.Hosting.Worker;

/// <summary>What to monitor and how; bound from the <c>VideoDefects</c> configuration section.</summary>
public sealed class VideoDefectMonitoringOptions
{
    /// <summary>The configuration section these options are read from.</summary>
    public const string SectionName = "VideoDefects";

    /// <summary>The streams to watch, each with its own monitor. At least one.</summary>
    public List<StreamOptions> Streams { get; set; } = [];

    /// <summary>Reconnect back-off after a stream fails or stalls.</summary>
    public ReconnectOptions Reconnect { get; set; } = new();

    /// <summary>A stream that delivers nothing for this long counts as lost. Default 10 s (1 s to 10 min).</summary>
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>JSON-lines event log; disabled when <see cref="EventLogOptions.Path"/> is empty.</summary>
    public EventLogOptions EventLog { get; set; } = new();

    /// <summary>HTTP webhook; disabled when <see cref="WebhookOptions.Url"/> is empty.</summary>
    public WebhookOptions Webhook { get; set; } = new();
}

/// <summary>One monitored stream.</summary>
public sealed class StreamOptions
{
    /// <summary>A unique name, used in events, logs, metrics and health checks.</summary>
    [Required]
    public string Name { get; set; } = "";

    /// <summary>Any FFmpeg input: <c>udp://</c>, <c>srt://</c>, <c>rtmp://</c>, an HLS URL, a file.</summary>
    [Required]
    public string Source { get; set; } = "";

    /// <summary>Detectors to run (<c>frozen</c>, <c>corruption</c>, <c>avsync</c>, <c>black</c>, <c>silence</c>,
    /// <c>loudness</c>, <c>clipping</c>); empty = all. Audio is decoded only when one of them listens.</summary>
    public List<string> Detectors { get; set; } = [];

    /// <summary>Shortest freeze reported. Default 0.5 s.</summary>
    public TimeSpan FreezeMinDuration { get; set; } = TimeSpan.FromSeconds(0.5);

    /// <summary>Picture areas (<c>x,y,w,h</c>) left out of the freeze decision: clocks, tickers, logos.</summary>
    public List<string> IgnoreRegions { get; set; } = [];

    /// <summary>Learn the stream's live graphics (ticker, clock, bug at the top or bottom edge) and call a freeze of
    /// the programme under them; <see cref="IgnoreRegions"/> win. Default true.</summary>
    public bool LearnLiveGraphics { get; set; } = true;

    /// <summary>The same programme before the chain this stream comes out of — its source feed, any FFmpeg input —
    /// to measure the stream's audio/video offset against, live: every <see cref="ReferenceWindow"/> over the last three (<c>method:
    /// reference</c>; an <c>avSyncOffset</c> event while it is outside BT.1359's limits). The two are monitored side by
    /// side from the same start, and their delay is found within <see cref="ReferenceMaxOffset"/>; the reference's outages are published
    /// as <c>signalLoss</c> of a stream named after this one with <c>.reference</c> appended. Empty: no reference.</summary>
    public string? Reference { get; set; }

    /// <summary>With a <see cref="Reference"/>: how often the offset is measured, over three times this. Default 10 s
    /// (2 s to 30 s).</summary>
    public TimeSpan ReferenceWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>With a <see cref="Reference"/>: how far apart in time the stream and its reference may be, either way
    /// (a chain's delay, and when their monitors connected). Default 10 s (1 s to 1 min).</summary>
    public TimeSpan ReferenceMaxOffset { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Raise loudness events against this delivery profile: <c>ebuR128</c> or <c>atscA85</c>. Empty (the
    /// default): loudness is measured, no event is raised.</summary>
    public string? LoudnessProfile { get; set; }

    /// <summary>Lift the input policy for this stream (see the core README). Default false.</summary>
    public bool TrustedInput { get; set; }
}

/// <summary>Exponential back-off between reconnect attempts.</summary>
public sealed class ReconnectOptions
{
    /// <summary>First delay. Default 1 s.</summary>
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Largest delay. Default 30 s.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Factor between consecutive delays. Default 2.</summary>
    public double Multiplier { get; set; } = 2;
}

/// <summary>The JSON-lines event file.</summary>
public sealed class EventLogOptions
{
    /// <summary>File events are appended to, one JSON object per line (the report schema's event fields plus
    /// <c>stream</c> and <c>observedAt</c>). Empty: no file.</summary>
    public string? Path { get; set; }
}

/// <summary>The HTTP webhook.</summary>
public sealed class WebhookOptions
{
    /// <summary>URL each event is POSTed to as JSON. Empty: no webhook.</summary>
    public Uri? Url { get; set; }

    /// <summary>Attempts per event before it is dropped (logged). Only transient failures are retried — a timeout, a
    /// connection error, HTTP 408, 429 or 5xx — after the delay the receiver asks for in <c>Retry-After</c>, else
    /// after an exponential, jittered back-off from <see cref="RetryDelay"/>; any other answer (e.g. 400) is final.
    /// Default 4.</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>First back-off between attempts (doubled each time, with jitter). Default 0.5 s.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long one attempt may take before it counts as failed (and is retried). Default 10 s.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the delivery of one event may take, all attempts and waits included. Default 2 min.</summary>
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromMinutes(2);
}
