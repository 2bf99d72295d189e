namespace VideoDefects.Hosting.Lambda.Requests;

/// <summary>Analyse one source and return its report.</summary>
/// <param name="Source">An <c>s3://bucket/key</c> or <c>https://</c> URL.</param>
/// <param name="StreamKey">Continue the stream of this key (its checkpoint is loaded before and saved after).</param>
/// <param name="EndOfStream">This is the stream's last segment: close open events.</param>
/// <param name="Detectors">Detector names; all when <see langword="null"/>.</param>
public sealed record DirectAnalysis(string Source, string? StreamKey, bool EndOfStream, IReadOnlyList<string>? Detectors) : InvocationEvent
{
    /// <summary>The clean source the input is a copy of (<c>s3://</c> or <c>https://</c>; media or a saved sync
    /// signature): A/V sync is then measured against it (<c>"reference"</c> in the request).</summary>
    public string? Reference { get; init; }

    /// <summary>Detector options as JSON keyed by detector name (<c>"detectorOptions": {"frozen": {"minDuration":
    /// "00:00:02"}}</c> in the request); a detector named here takes these instead of the function's
    /// <see cref="VideoAnalysisFunctionOptions.DetectorOptions"/>.</summary>
    public string? DetectorOptions { get; init; }
}
