namespace VideoDefects.Analysis;

/// <summary>Implemented by analyzers that contribute the whole-input loudness summary to the report.</summary>
public interface ILoudnessReporter
{
    /// <summary>The loudness so far; <see langword="null"/> when there was no audio.</summary>
    Reports.LoudnessReport? GetLoudness();
}
