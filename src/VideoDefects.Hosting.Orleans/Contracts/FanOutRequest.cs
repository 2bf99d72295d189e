namespace VideoDefects.Hosting.Orleans;

/// <summary>A file to analyse across the cluster.</summary>
[GenerateSerializer]
[Alias("videodefects.fan-out-request")]
public sealed record FanOutRequest
{
    /// <summary>The input (a path every silo can read, or a URL).</summary>
    [Id(0)]
    public required string Source { get; init; }

    /// <summary>Detector names; all when empty. Frame detectors are fanned out by segment; <c>avsync</c> needs the
    /// whole input and runs on one grain in parallel with them.</summary>
    [Id(1)]
    public string[] Detectors { get; init; } = [];

    /// <summary>Length of each segment.</summary>
    [Id(2)]
    public TimeSpan SegmentLength { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Frames decoded before a segment's start so the detectors' learned state (noise norm, reference
    /// frame) matches a single pass there; their events are not the segment's.</summary>
    [Id(3)]
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>The source is the operator's own.</summary>
    [Id(4)]
    public bool TrustedInput { get; init; }

    /// <summary>Segments analysed at once per active silo (each is one FFmpeg decode plus the detectors). Default:
    /// the coordinating silo's processor count. More only adds memory and contention.</summary>
    [Id(5)]
    public int SegmentsPerSilo { get; init; }

    /// <summary>The clean source the input is a copy of (media, or a saved sync signature, that every silo can read):
    /// A/V sync is then measured against it. Default none.</summary>
    [Id(6)]
    public string? Reference { get; init; }

    /// <summary>Detector options as JSON keyed by detector name (see <c>DetectorRegistry.ParseSettings</c>); null: defaults.</summary>
    [Id(7)]
    public string? DetectorOptions { get; init; }
}
