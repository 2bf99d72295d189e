using VideoDefects.Reports;

namespace VideoDefects.Hosting.Orleans;

/// <summary>Analyses one segment (a stateless worker: as many activations as there is work, on any silo).</summary>
[Alias("videodefects.ISegmentAnalysisGrain")]
public interface ISegmentAnalysisGrain : IGrainWithIntegerKey
{
    /// <summary>Analyses the segment.</summary>
    [Alias("segment")]
    Task<SegmentResult> AnalyzeSegmentAsync(SegmentRequest request);

    /// <summary>Analyses a whole input with whole-input detectors (A/V sync, against <paramref name="reference"/> when
    /// given, with <paramref name="detectorOptions"/>: JSON keyed by detector name) and returns the full report.</summary>
    [Alias("whole")]
    Task<AnalysisReport> AnalyzeWholeAsync(string source, string[] detectors, bool trustedInput, string? reference, string? detectorOptions);
}
