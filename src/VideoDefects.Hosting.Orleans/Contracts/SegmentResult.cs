using VideoDefects.Analysis;

namespace VideoDefects.Hosting.Orleans;

/// <summary>What a segment found.</summary>
/// <param name="Events">Events that start at or after the segment's first frame, each seen whole: the segment
/// stops reading only when none is open, at <paramref name="LastFrame"/>.</param>
/// <param name="LastFrame">The last frame analysed (at or past the segment's end).</param>
/// <param name="FramesDecoded">Frames decoded, warm-up and read-past included (the cost of fanning out).</param>
/// <param name="Silo">Where it ran.</param>
[GenerateSerializer]
[Alias("videodefects.segment-result")]
public sealed record SegmentResult(
    [property: Id(0)] DefectEvent[] Events,
    [property: Id(1)] long LastFrame,
    [property: Id(2)] long FramesDecoded,
    [property: Id(3)] string Silo);
