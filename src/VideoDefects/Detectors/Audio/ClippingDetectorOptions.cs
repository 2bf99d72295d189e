namespace VideoDefects.Detectors.Audio;

/// <summary>Options of <see cref="ClippingDetector"/>.</summary>
public sealed record ClippingDetectorOptions
{
    /// <summary>A sample is at full scale from this level, in dBFS. Default −0.01 dBFS (an amplitude of 0.99885): a
    /// hair below full scale, so that 16-bit full scale (32767/32768) and a lightly resampled clip still count.</summary>
    public double LevelDb { get; init; } = -0.01;

    /// <summary>Consecutive full-scale samples that make a clip. Default 3: a single peak that touches full scale is
    /// a loud signal; a flat top over several samples is a clipped one.</summary>
    public int MinRun { get; init; } = 3;

    /// <summary>Clips closer together than this belong to one event. Default 0.5 s.</summary>
    public TimeSpan MergeGap { get; init; } = TimeSpan.FromSeconds(0.5);

    /// <summary>The amplitude from which a sample is at full scale.</summary>
    public float Amplitude => (float)Math.Pow(10, LevelDb / 20);

    /// <summary>Throws when an option is out of range.</summary>
    public void Validate()
    {
        if (!(LevelDb is <= 0 and > -20) || MinRun < 1 || MergeGap < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(LevelDb), "Clipping options out of range (level −20..0 dBFS, run ≥ 1, gap ≥ 0).");
        }
    }
}
