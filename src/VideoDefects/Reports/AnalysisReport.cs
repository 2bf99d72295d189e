using System.Text.Json.Serialization;
using VideoDefects.Analysis;

namespace VideoDefects.Reports;

/// <summary>The result of analysing one input; serializes exactly to the shared report schema
/// (<c>contracts/report.schema.json</c>) with <see cref="ReportJson"/>.</summary>
public sealed record AnalysisReport
{
    /// <summary>The input as given (credentials in URLs redacted).</summary>
    public required string Source { get; init; }

    /// <summary>Seconds of media analysed: to the end of the last picture or of the last sound, whichever is later
    /// (audio often runs on a little past the last frame, and events can be found there).</summary>
    public required double DurationSeconds { get; init; }

    /// <summary>The video stream analysed.</summary>
    public required VideoReport Video { get; init; }

    /// <summary>The audio stream, or <see langword="null"/> when the input has none.</summary>
    public AudioReport? Audio { get; init; }

    /// <summary>Defects found, ordered by start.</summary>
    public required IReadOnlyList<DefectEvent> Events { get; init; }

    /// <summary>The measured audio/video offset, or <see langword="null"/> when the input has no audio.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public AvSyncReport? AvSync { get; init; }

    /// <summary>Loudness of the whole input (ITU-R BS.1770-4), or <see langword="null"/> when the input has no audio
    /// or loudness was not measured.</summary>
    public LoudnessReport? Loudness { get; init; }

    /// <summary>How long the analysis took.</summary>
    public PerformanceReport? Performance { get; init; }

    /// <summary>True when the analysis stopped early (cancelled or out of time): the events cover
    /// <see cref="DurationSeconds"/> only.</summary>
    public bool Partial { get; init; }
}
