namespace VideoDefects.Detectors.Black;

/// <summary>Options of <see cref="BlackDetector"/>. The defaults are FFmpeg <c>blackdetect</c>'s, so a user switching
/// over gets the same intervals.</summary>
public sealed record BlackDetectorOptions
{
    /// <summary>A pixel is black at or below this share of the way from black to white (<c>pix_th</c>). Default 0.10:
    /// luma ≤ 37 in limited range, ≤ 25 in full range.</summary>
    public double PixelThreshold { get; init; } = 0.10;

    /// <summary>A picture is black when at least this share of its pixels is (<c>pic_th</c>). Default 0.98: a small
    /// logo or bug on a black picture still leaves it black.</summary>
    public double PictureThreshold { get; init; } = 0.98;

    /// <summary>Black shorter than this is not reported (<c>d</c>). Default 2 s.</summary>
    public TimeSpan MinDuration { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How the decoded luma is coded. Default <see cref="LumaRange.Limited"/> (FFmpeg's source delivers
    /// limited-range YUV).</summary>
    public LumaRange Range { get; init; } = LumaRange.Limited;

    /// <summary>The luma value at or below which a pixel counts as black, computed as <c>blackdetect</c> does
    /// (truncated).</summary>
    public byte PixelLevel => (byte)(Range == LumaRange.Full ? PixelThreshold * 255 : 16 + (PixelThreshold * (235 - 16)));

    /// <summary>Throws when an option is out of range.</summary>
    public void Validate()
    {
        if (!(PixelThreshold is >= 0 and <= 1) || !(PictureThreshold is > 0 and <= 1) || MinDuration < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(PixelThreshold), "Black detection options out of range (thresholds 0..1, duration ≥ 0).");
        }
    }
}
