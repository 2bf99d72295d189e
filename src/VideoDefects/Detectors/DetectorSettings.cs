using VideoDefects.Detectors.Frozen;

namespace VideoDefects.Detectors;

/// <summary>Options for each detector the <see cref="DetectorCatalog"/> can build.</summary>
public sealed record DetectorSettings
{
    /// <summary>Options of the frozen-frame detector.</summary>
    public FrozenFrameDetectorOptions Frozen { get; init; } = new();

    /// <summary>Options of the block-corruption detector.</summary>
    public Corruption.BlockCorruptionDetectorOptions Corruption { get; init; } = new();

    /// <summary>Options of the audio/video sync detector.</summary>
    public AvSync.AvSyncDetectorOptions AvSync { get; init; } = new();

    /// <summary>Options of the black-picture detector.</summary>
    public Black.BlackDetectorOptions Black { get; init; } = new();

    /// <summary>Options of the silence detector.</summary>
    public Audio.SilenceDetectorOptions Silence { get; init; } = new();

    /// <summary>Options of the loudness meter (no events unless a profile is chosen).</summary>
    public Loudness.LoudnessDetectorOptions Loudness { get; init; } = new();

    /// <summary>Options of the clipping detector.</summary>
    public Audio.ClippingDetectorOptions Clipping { get; init; } = new();
}
