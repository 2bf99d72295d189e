namespace VideoDefects.Reports;

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
