namespace VideoDefects.Reports;

/// <summary>The values of <see cref="AvSyncReport.Method"/>: which evidence an estimate rests on.</summary>
public static class AvSyncMethods
{
    /// <summary>A flash/beep test pattern, measured frame- and sample-exact (absolute sync).</summary>
    public const string TestPattern = "testPattern";

    /// <summary>Compared with the clean source (relative to the source's own sync).</summary>
    public const string Reference = "reference";

    /// <summary>The container's audio and video timestamps (timestamp faults, not offsets in the pictures and sound).</summary>
    public const string Timestamps = "timestamps";

    /// <summary>A speaking face's mouth movement correlated with the speech (package VideoDefects.LipSync).</summary>
    public const string LipSync = "lipSync";

    /// <summary>Sound onsets correlated with picture changes.</summary>
    public const string Content = "content";

    /// <summary>The sound is digital silence: no estimate is possible.</summary>
    public const string Silence = "silence";

    /// <summary>No detector estimated sync.</summary>
    public const string None = "none";
}
