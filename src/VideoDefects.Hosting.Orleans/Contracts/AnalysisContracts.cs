using VideoDefects.Analysis;
using VideoDefects.Reports;

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
}

/// <summary>One piece of a fanned-out analysis.</summary>
/// <param name="Source">The input.</param>
/// <param name="Detectors">Frame detectors to run.</param>
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
    [property: Id(5)] bool TrustedInput);

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

/// <summary>Analyses a long file by splitting it over the cluster and stitching the results.</summary>
[Alias("videodefects.IVideoAnalysisGrain")]
public interface IVideoAnalysisGrain : IGrainWithStringKey
{
    /// <summary>Analyses <paramref name="request"/>'s source; the report equals a single-process analysis.</summary>
    [Alias("analyze")]
    Task<AnalysisReport> AnalyzeAsync(FanOutRequest request);
}

/// <summary>Analyses one segment (a stateless worker: as many activations as there is work, on any silo).</summary>
[Alias("videodefects.ISegmentAnalysisGrain")]
public interface ISegmentAnalysisGrain : IGrainWithIntegerKey
{
    /// <summary>Analyses the segment.</summary>
    [Alias("segment")]
    Task<SegmentResult> AnalyzeSegmentAsync(SegmentRequest request);

    /// <summary>Analyses a whole input with whole-input detectors (A/V sync, against <paramref name="reference"/> when
    /// given) and returns the full report.</summary>
    [Alias("whole")]
    Task<AnalysisReport> AnalyzeWholeAsync(string source, string[] detectors, bool trustedInput, string? reference);
}
