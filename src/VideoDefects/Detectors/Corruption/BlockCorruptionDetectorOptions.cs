namespace VideoDefects.Detectors.Corruption;

/// <summary>Options of <see cref="BlockCorruptionDetector"/>, with their defaults.</summary>
public sealed record BlockCorruptionDetectorOptions
{
    /// <summary>A macroblock's border in the frame-difference picture must step by at least this many levels
    /// (of the halved difference) to count as a grid-aligned change. Default 8.</summary>
    public double MinBorderStep { get; init; } = 8;

    /// <summary>… and by this many times more than the steps inside the block. Default 4.</summary>
    public double BorderToInteriorRatio { get; init; } = 4;

    /// <summary>Without a decoder message, a frame starts an episode only when at least this many macroblocks gained a
    /// seam along the grid that the three frames before did not have (and three times what is usual for the stream).
    /// Default 12.</summary>
    public int MinOnsetBlocks { get; init; } = 12;

    /// <summary>… and at least this share of all macroblocks. Default 0.012 (1.2 %).</summary>
    public double MinOnsetShare { get; init; } = 0.012;

    /// <summary>Use the decoder's error messages (FFmpeg source) to place an episode's start. Default true.</summary>
    public bool UseDecoderMessages { get; init; } = true;

    /// <summary>Frames after a decoder message within which its damaged frame is looked for (decoders work ahead of
    /// their output and reorder B-frames). Default 8.</summary>
    public int DecoderMessageWindow { get; init; } = 8;

    /// <summary>When keyframes are unknown (live input), an episode the decoder opened ends after this long without
    /// fresh evidence (one found from pixels alone ends when its seams are gone). Default 1 s.</summary>
    public TimeSpan QuietEnd { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest an episode can last without a keyframe or scene cut to end it. Default 10 s.</summary>
    public TimeSpan MaxEpisode { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Mean luma change (levels) above which a frame is a scene cut: the picture is new, so corruption
    /// ends and no new episode starts there. Default 30.</summary>
    public double CutMafd { get; init; } = 30;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for values out of range.</summary>
    public void Validate()
    {
        if (!(MinBorderStep > 0) || !(MinOnsetShare is >= 0 and < 1) || !(BorderToInteriorRatio >= 1) || MinOnsetBlocks < 1 || DecoderMessageWindow < 0
            || QuietEnd <= TimeSpan.Zero || MaxEpisode <= TimeSpan.Zero || !(CutMafd > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(MinBorderStep), "Block corruption options out of range.");
        }
    }
}
