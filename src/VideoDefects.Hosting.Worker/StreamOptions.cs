using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace VideoDefects.Hosting.Worker;

/// <summary>One monitored stream.</summary>
public sealed class StreamOptions
{
    /// <summary>A unique name, used in events, logs, metrics and health checks.</summary>
    [Required]
    public string Name { get; set; } = "";

    /// <summary>Any FFmpeg input: <c>udp://</c>, <c>srt://</c>, <c>rtmp://</c>, an HLS URL, a file.</summary>
    [Required]
    public string Source { get; set; } = "";

    /// <summary>Detectors to run, by name from the registry (built in: <c>frozen</c>, <c>corruption</c>, <c>avsync</c>,
    /// <c>black</c>, <c>silence</c>, <c>loudness</c>, <c>clipping</c>; add yours by registering a
    /// <c>DetectorRegistry</c> singleton); empty = all but the opt-in ones. Audio is decoded only when one of them listens.</summary>
    public List<string> Detectors { get; set; } = [];

    /// <summary>Options of any detector, a section per detector name with its options' properties, e.g.
    /// <c>DetectorOptions:corruption:MinOnsetBlocks = 16</c>, <c>DetectorOptions:frozen:MinDuration = 00:00:02</c>.
    /// An unknown detector or property, or a value out of range, fails the host at start-up. The shortcuts below win.</summary>
    public IConfigurationSection? DetectorOptions { get; set; }

    /// <summary>Shortest freeze reported; null: the frozen detector's own (0.5 s unless set in <see cref="DetectorOptions"/>).</summary>
    public TimeSpan? FreezeMinDuration { get; set; }

    /// <summary>Picture areas (<c>x,y,w,h</c>) left out of the freeze decision: clocks, tickers, logos.</summary>
    public List<string> IgnoreRegions { get; set; } = [];

    /// <summary>Learn the stream's live graphics (ticker, clock, bug at the top or bottom edge) and call a freeze of
    /// the programme under them; <see cref="IgnoreRegions"/> win. Null: the frozen detector's own (true unless set in
    /// <see cref="DetectorOptions"/>).</summary>
    public bool? LearnLiveGraphics { get; set; }

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
