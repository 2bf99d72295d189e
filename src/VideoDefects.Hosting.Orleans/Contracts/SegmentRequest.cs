namespace VideoDefects.Hosting.Orleans;

/// <summary>One piece of a fanned-out analysis.</summary>
/// <param name="Source">The input.</param>
/// <param name="Detectors">Frame detectors to run.</param>
/// <param name="DetectorOptions">Their options as JSON keyed by detector name; null: defaults.</param>
/// <param name="FirstFrame">The segment's first frame (events starting here or later, before <paramref name="EndFrame"/>, are its own).</param>
/// <param name="EndFrame">The next segment's first frame; analysis reads past it until no event that began earlier is open.</param>
/// <param name="WarmupFrames">Frames decoded before <paramref name="FirstFrame"/>.</param>
/// <param name="TrustedInput">The source is the operator's own.</param>
[GenerateSerializer]
[Alias("videodefects.segment")]
public sealed record SegmentRequest(
    [property: Id(0)] string Source,
    [property: Id(1)] string[] Detectors,
    [property: Id(2)] long FirstFrame,
    [property: Id(3)] long EndFrame,
    [property: Id(4)] long WarmupFrames,
    [property: Id(5)] bool TrustedInput,
    [property: Id(6)] string? DetectorOptions = null);
