using System.Text.Json.Serialization;
using VideoDefects.Analysis;

namespace VideoDefects.Reports;

/// <summary>The result of analysing one input; serializes exactly to the shared report schema
/// (<c>contracts/report.schema.json</c>) with <see cref="ReportJson"/>.</summary>
public sealed record AnalysisReport
{
    /// <summary>The input as given (credentials in URLs redacted).</summary>
    public required string Source { get; init; }

    /// <summary>Seconds of video analysed.</summary>
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

/// <summary>The analysed video stream.</summary>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="FrameRate">Nominal frames per second.</param>
/// <param name="Frames">Frames analysed.</param>
/// <param name="PixelFormat">The decoded pixel format (FFmpeg name).</param>
public sealed record VideoReport(int Width, int Height, double FrameRate, long Frames, string? PixelFormat);

/// <summary>The input's audio stream.</summary>
/// <param name="SampleRate">Samples per second.</param>
/// <param name="Channels">Channels in the input.</param>
public sealed record AudioReport(int SampleRate, int Channels);

/// <summary>Loudness of the whole input per ITU-R BS.1770-4 and EBU Tech 3341/3342; each figure null when there was
/// too little sound to measure it (e.g. the integrated loudness of digital silence).</summary>
public sealed record LoudnessReport
{
    /// <summary>Integrated (programme) loudness, LUFS.</summary>
    public double? IntegratedLufs { get; init; }

    /// <summary>Loudness range (EBU Tech 3342), LU.</summary>
    public double? LoudnessRangeLu { get; init; }

    /// <summary>The loudest momentary (400 ms) loudness, LUFS.</summary>
    public double? MaxMomentaryLufs { get; init; }

    /// <summary>The loudest short-term (3 s) loudness, LUFS.</summary>
    public double? MaxShortTermLufs { get; init; }

    /// <summary>The largest true peak, dBTP.</summary>
    public double? MaxTruePeakDbtp { get; init; }

    /// <summary>The delivery profile events were raised against (<c>ebuR128</c>, <c>atscA85</c>, a custom name), or
    /// <c>none</c>.</summary>
    public string Profile { get; init; } = "none";
}

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

/// <summary>The values of <see cref="AvSyncReport.Method"/>: which evidence an estimate rests on.</summary>
public static class AvSyncMethods
{
    /// <summary>A flash/beep test pattern, measured frame- and sample-exact (absolute sync).</summary>
    public const string TestPattern = "testPattern";

    /// <summary>Compared with the clean source (relative to the source's own sync).</summary>
    public const string Reference = "reference";

    /// <summary>The container's audio and video timestamps (timestamp faults, not offsets in the pictures and sound).</summary>
    public const string Timestamps = "timestamps";

    /// <summary>Sound onsets correlated with picture changes.</summary>
    public const string Content = "content";

    /// <summary>The sound is digital silence: no estimate is possible.</summary>
    public const string Silence = "silence";

    /// <summary>No detector estimated sync.</summary>
    public const string None = "none";
}

/// <summary>The estimate over one window of the input.</summary>
/// <param name="Start">Window start, seconds.</param>
/// <param name="End">Window end, seconds.</param>
/// <param name="AudioDelayMs">The window's estimate, or <see langword="null"/>.</param>
/// <param name="Confidence">0 to 1.</param>
public sealed record AvSyncWindow(double Start, double End, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? AudioDelayMs, double Confidence);

/// <summary>How long the analysis took.</summary>
/// <param name="WallSeconds">Elapsed wall-clock seconds, decode included.</param>
/// <param name="FramesPerSecond">Frames analysed per wall-clock second.</param>
public sealed record PerformanceReport(double WallSeconds, double FramesPerSecond);
