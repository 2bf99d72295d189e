namespace VideoDefects.Detectors.Audio;

/// <summary>Options of <see cref="SilenceDetector"/>. The defaults are FFmpeg <c>silencedetect</c>'s.</summary>
public sealed record SilenceDetectorOptions
{
    /// <summary>A sample is silent below this level (<c>noise</c>), in dB relative to full scale. Default −60 dB
    /// (an amplitude of 0.001).</summary>
    public double NoiseDb { get; init; } = -60;

    /// <summary>Silence shorter than this is not reported (<c>d</c>). Default 2 s.</summary>
    public TimeSpan MinDuration { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Also report a channel that is silent while others play (a dead left channel), with its number.
    /// Default true.</summary>
    public bool PerChannel { get; init; } = true;

    /// <summary>Leave the LFE channel of 5.1, 6.1 and 7.1 (FFmpeg's channel 3) out of the per-channel check: many
    /// programmes carry nothing there. Default true.</summary>
    public bool IgnoreLfe { get; init; } = true;

    /// <summary>The amplitude below which a sample is silent.</summary>
    public float NoiseAmplitude => (float)Math.Pow(10, NoiseDb / 20);

    /// <summary>Throws when an option is out of range.</summary>
    public void Validate()
    {
        if (!(NoiseDb < 0) || MinDuration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(NoiseDb), "Silence detection needs a level below 0 dB and a positive duration.");
        }
    }
}
