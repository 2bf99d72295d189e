namespace VideoDefects.Detectors.Loudness;

/// <summary>A delivery specification for loudness: the integrated loudness aimed at, how far from it a programme may
/// be, and the largest true peak allowed.</summary>
/// <param name="Name">Short name, as the report gives it (<c>ebuR128</c>, <c>atscA85</c>, or your own).</param>
/// <param name="TargetLufs">Integrated loudness aimed at (LUFS = LKFS).</param>
/// <param name="ToleranceLu">How far the integrated loudness may be from the target, either way (LU).</param>
/// <param name="MaxTruePeakDbtp">The largest true peak allowed (dBTP).</param>
public sealed record LoudnessProfile(string Name, double TargetLufs, double ToleranceLu, double MaxTruePeakDbtp)
{
    /// <summary>EBU R 128: −23 LUFS ± 1 LU (the tolerance for live programmes), true peak at most −1 dBTP.</summary>
    public static LoudnessProfile EbuR128 { get; } = new("ebuR128", -23, 1, -1);

    /// <summary>ATSC A/85 (the CALM Act's reference): −24 LKFS ± 2 dB, true peak at most −2 dBTP.</summary>
    public static LoudnessProfile AtscA85 { get; } = new("atscA85", -24, 2, -2);

    /// <summary>Optional: short-term (3 s) loudness above this is an event too — e.g. −18 LUFS, the largest short-term
    /// loudness EBU R 128 s1 allows for advertising. Default null: no short-term limit.</summary>
    public double? MaxShortTermLufs { get; init; }

    /// <summary>The profile named <paramref name="name"/> (<c>ebuR128</c> or <c>atscA85</c>, any case, <c>-</c> and
    /// <c>/</c> ignored); null when there is none of that name.</summary>
    public static LoudnessProfile? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var key = name.Replace("-", string.Empty, StringComparison.Ordinal).Replace("/", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal);
        return key.Equals("ebur128", StringComparison.OrdinalIgnoreCase) ? EbuR128
            : key.Equals("atsca85", StringComparison.OrdinalIgnoreCase) ? AtscA85
            : null;
    }

    /// <summary>Throws when a figure is not a number or the tolerance is negative.</summary>
    public void Validate()
    {
        if (!double.IsFinite(TargetLufs) || !(ToleranceLu >= 0) || !double.IsFinite(MaxTruePeakDbtp) || MaxShortTermLufs is { } s && !double.IsFinite(s))
        {
            throw new ArgumentOutOfRangeException(nameof(TargetLufs), $"Loudness profile '{Name}' has a figure out of range.");
        }
    }
}
