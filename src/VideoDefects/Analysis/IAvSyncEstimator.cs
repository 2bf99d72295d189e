namespace VideoDefects.Analysis;

/// <summary>Implemented by analyzers that contribute a whole-input audio/video sync estimate to the report.</summary>
public interface IAvSyncEstimator
{
    /// <summary>The estimate so far; <see langword="null"/> when the input has no audio.</summary>
    Reports.AvSyncReport? GetAvSync();
}
