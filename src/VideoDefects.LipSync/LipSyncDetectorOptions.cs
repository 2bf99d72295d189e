using VideoDefects.Detectors.AvSync;

namespace VideoDefects.LipSync;

/// <summary>Options of <see cref="LipSyncDetector"/>, with their defaults.</summary>
public sealed record LipSyncDetectorOptions
{
    /// <summary>The directory holding the three models (see <see cref="Models.ModelFile.All"/>); when null, the
    /// <c>VIDEODEFECTS_MODELS</c> environment variable names it.</summary>
    public string? ModelsDirectory { get; init; }

    /// <summary>The alarm profile for <c>avSyncOffset</c> events. Default BT.1359 detectability.</summary>
    public AvSyncProfile Profile { get; init; } = AvSyncProfile.Bt1359Detectability;

    /// <summary>Largest audio delay searched either way. Default 600 ms.</summary>
    public TimeSpan MaxOffset { get; init; } = TimeSpan.FromMilliseconds(600);

    /// <summary>Length of the windows estimated separately (drift shows across them). Default 10 s.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Least speech with a measured mouth for an answer, in seconds. Default 3.</summary>
    public double MinSpeechSeconds { get; init; } = 3;

    /// <summary>Least correlation between mouth opening and speech envelope at the answer. Default 0.25.</summary>
    public double MinCorrelation { get; init; } = 0.25;

    /// <summary>Largest ratio of the best score at a clearly different delay (a rival explanation, at least
    /// <see cref="RivalApart"/> away) to the peak's. Default 0.8.</summary>
    public double MaxRivalRatio { get; init; } = 0.8;

    /// <summary>How far from the peak a rival explanation lies. Default 120 ms (three frames at 25 fps).</summary>
    public TimeSpan RivalApart { get; init; } = TimeSpan.FromMilliseconds(120);

    /// <summary>How much the speech envelope naturally trails mouth opening when sound and picture are in sync
    /// (the mouth opens before the sound it shapes is loudest), subtracted from the measured lag. Default 40 ms: the
    /// seven speakers of the shared talking-head clips trail by −28 to +115 ms (median about 45); speakers differ, which
    /// is why an answer is promised within two frames, not one.</summary>
    public double NaturalLagMs { get; init; } = 40;

    /// <summary>Faces tracked at once; the one whose mouth moves with the speech answers. Default 2.</summary>
    public int MaxFaces { get; init; } = 2;

    /// <summary>Frames between searches for new faces while faces are tracked (a lost face is searched for at once).
    /// Default 12.</summary>
    public int RedetectFrames { get; init; } = 12;

    /// <summary>Least face-detector score. Default 0.6.</summary>
    public float MinFaceScore { get; init; } = 0.6f;

    /// <summary>Windows kept in the report of a live input (the oldest go first). Default 360 (an hour of 10 s windows).</summary>
    public int LiveWindowsKept { get; init; } = 360;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for values out of range.</summary>
    public void Validate()
    {
        if (MaxOffset <= TimeSpan.Zero || MaxOffset > TimeSpan.FromSeconds(3))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxOffset), MaxOffset, "Between 0 and 3 s.");
        }

        if (Window < TimeSpan.FromSeconds(2) || Window > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentOutOfRangeException(nameof(Window), Window, "Between 2 s and 10 min.");
        }

        if (!(MinSpeechSeconds >= 0.5) || !(MinCorrelation is >= 0 and < 1) || !(MaxRivalRatio is > 0 and <= 1) || RivalApart <= TimeSpan.Zero
            || !double.IsFinite(NaturalLagMs) || Math.Abs(NaturalLagMs) > 500)
        {
            throw new ArgumentOutOfRangeException(nameof(MinCorrelation), "Lip-sync decision options out of range.");
        }

        if (MaxFaces is < 1 or > 8 || RedetectFrames is < 1 or > 1000 || !(MinFaceScore is > 0 and < 1) || LiveWindowsKept < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxFaces), "Lip-sync face tracking options out of range.");
        }
    }
}
