namespace VideoDefects.Detectors.AvSync;

/// <summary>Options of <see cref="AvSyncDetector"/>, with their defaults.</summary>
public sealed record AvSyncDetectorOptions
{
    /// <summary>The alarm profile for <c>avSyncOffset</c> events. Default BT.1359 detectability.</summary>
    public AvSyncProfile Profile { get; init; } = AvSyncProfile.Bt1359Detectability;

    /// <summary>Largest offset searched either way. Default 1 s (test patterns repeat every second, so their search
    /// is limited to half their period).</summary>
    public TimeSpan MaxOffset { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Length of the windows estimated separately (drift shows across them). Default 10 s.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A content-mode window answers only with at least this confidence. Default 0.5.</summary>
    public double MinConfidence { get; init; } = 0.5;

    /// <summary>The signature of the clean source this input is a copy of (<see cref="Reference.SyncSignatureRecorder"/>,
    /// or <see cref="Reference.SyncSignature.Load"/> of a saved one). When set, the offset is measured against it
    /// (<c>method: reference</c>) rather than from the content alone. Default none.</summary>
    [System.Text.Json.Serialization.JsonIgnore] // a runtime object, given in code
    public Reference.SyncSignature? Reference { get; init; }

    /// <summary>A reference still being recorded — typically the source decoded alongside the copy, so that the two
    /// decodes share the machine instead of running one after the other. The copy's signature is recorded meanwhile;
    /// the comparison waits for this at the end of the input (a failed task fails the analysis there). Set this or
    /// <see cref="Reference"/>, not both. Default none.</summary>
    [System.Text.Json.Serialization.JsonIgnore] // a runtime object, given in code
    public Task<Reference.SyncSignature>? PendingReference { get; init; }

    /// <summary>A reference recorded live alongside this stream (a perpetual monitor's source feed). The last
    /// <see cref="LiveComparisonSpan"/> of the input is compared with it every <see cref="Window"/> as the input runs:
    /// an <c>avSyncOffset</c> event opens (provisionally, at once) when the offset leaves the profile's limits and ends
    /// when it returns; the report gives the latest comparison and the recent ones as windows. Set only one of
    /// <see cref="Reference"/>, <see cref="PendingReference"/> and this. Default none.</summary>
    [System.Text.Json.Serialization.JsonIgnore] // a runtime object, given in code
    public Reference.LiveSyncReference? LiveReference { get; init; }

    /// <summary>The stretch of a live input compared with a <see cref="LiveReference"/> each time: three
    /// <see cref="Window"/>s.</summary>
    public TimeSpan LiveComparisonSpan => 3 * Window;

    /// <summary>Windows a live input (one of unknown duration) keeps for its report and its whole-input answer — its
    /// latest; a file keeps all. Bounds the memory and the checkpoints of a stream that never ends. Default 360 (an hour
    /// at the default <see cref="Window"/>).</summary>
    public int LiveWindowsKept { get; init; } = 360;

    /// <summary>Largest delay of the copy's picture or sound against the reference searched either way. Default 10 s.</summary>
    public TimeSpan ReferenceMaxOffset { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The (early, late) alarm limits of <paramref name="profile"/> in milliseconds.</summary>
    public static (double Early, double Late) Limits(AvSyncProfile profile) => profile switch
    {
        AvSyncProfile.Bt1359Acceptability => (90, 185),
        AvSyncProfile.EbuR37 => (40, 60),
        AvSyncProfile.AtscIs191 => (15, 45),
        _ => (45, 125),
    };

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for values out of range.</summary>
    public void Validate()
    {
        if (MaxOffset <= TimeSpan.Zero || MaxOffset > TimeSpan.FromSeconds(5) || Window < TimeSpan.FromSeconds(2) || !(MinConfidence is >= 0 and <= 1) || LiveWindowsKept < 1
            || ReferenceMaxOffset <= TimeSpan.Zero || ReferenceMaxOffset > TimeSpan.FromMinutes(5))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxOffset), "AV sync options out of range.");
        }

        if ((Reference is null ? 0 : 1) + (PendingReference is null ? 0 : 1) + (LiveReference is null ? 0 : 1) > 1)
        {
            throw new ArgumentException("Set one of Reference, PendingReference and LiveReference.", nameof(PendingReference));
        }

        if (LiveReference is { } live && live.History < LiveComparisonSpan + (2 * ReferenceMaxOffset))
        {
            throw new ArgumentOutOfRangeException(nameof(LiveReference), $"The live reference keeps {live.History}; the comparisons need {LiveComparisonSpan + (2 * ReferenceMaxOffset)} (three windows and twice the largest offset).");
        }
    }
}
