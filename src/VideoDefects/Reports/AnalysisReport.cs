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

/// <summary>Whole-input audio/video sync estimate.</summary>
public sealed record AvSyncReport
{
    /// <summary>Positive: sound heard after its picture (audio late); negative: audio early;
    /// <see langword="null"/>: no estimate (not enough audio-visual evidence) — never a guess.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public double? AudioDelayMs { get; init; }

    /// <summary>0 to 1: how clearly the evidence supports the estimate.</summary>
    public required double Confidence { get; init; }

    /// <summary>How it was measured: <c>testPattern</c> or <c>content</c> (or <c>none</c>).</summary>
    public string? Method { get; init; }

    /// <summary>Estimates over consecutive windows, so drift shows.</summary>
    public IReadOnlyList<AvSyncWindow>? Windows { get; init; }
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
