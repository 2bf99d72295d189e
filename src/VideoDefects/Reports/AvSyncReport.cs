using System.Text.Json.Serialization;

namespace VideoDefects.Reports;

/// <summary>Whole-input audio/video sync estimate.</summary>
public sealed record AvSyncReport
{
    /// <summary>Positive: sound heard after its picture (audio late); negative: audio early;
    /// <see langword="null"/>: no estimate (not enough audio-visual evidence) — never a guess.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public double? AudioDelayMs { get; init; }

    /// <summary>0 to 1: how clearly the evidence supports the estimate.</summary>
    public required double Confidence { get; init; }

    /// <summary>How it was measured: one of <see cref="AvSyncMethods"/> (<c>testPattern</c>, <c>reference</c>,
    /// <c>content</c>, …).</summary>
    public string? Method { get; init; }

    /// <summary>Reference method only: how much later the analysed copy's picture runs than the reference's (a copy
    /// that starts later, or was trimmed, has a positive or negative delay); <see langword="null"/> otherwise.</summary>
    public double? VideoDelayMs { get; init; }

    /// <summary>How much faster the audio timestamps ran than the video's over the input, in ppm, when the container's
    /// timestamps were followed (FFmpeg source); <see langword="null"/> otherwise.</summary>
    public double? TimestampDriftPpm { get; init; }

    /// <summary>Why there is no estimate, when <see cref="AudioDelayMs"/> is <see langword="null"/> and the method
    /// can say (e.g. "the sound is silent: nothing to align").</summary>
    public string? Reason { get; init; }

    /// <summary>Estimates over consecutive windows, so drift shows: all of a file's; a live input's latest
    /// (<c>AvSyncDetectorOptions.LiveWindowsKept</c>), which the whole-input estimate then covers too.</summary>
    public IReadOnlyList<AvSyncWindow>? Windows { get; init; }
}
