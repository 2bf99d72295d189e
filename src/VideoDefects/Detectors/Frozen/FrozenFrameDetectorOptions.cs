using VideoDefects.Analysis;

namespace VideoDefects.Detectors.Frozen;

/// <summary>Options of <see cref="FrozenFrameDetector"/>, with their defaults.</summary>
public sealed record FrozenFrameDetectorOptions
{
    /// <summary>The decision rule. Default <see cref="FreezeMode.Robust"/>.</summary>
    public FreezeMode Mode { get; init; } = FreezeMode.Robust;

    /// <summary>Shortest freeze reported. Default 0.5 s (FFmpeg's default is 2 s, which misses the short freezes a
    /// viewer notices). Range: 0 to 1 hour.</summary>
    public TimeSpan MinDuration { get; init; } = TimeSpan.FromSeconds(0.5);

    /// <summary><see cref="FreezeMode.FFmpegCompatible"/> only: the <c>mafd</c> noise tolerance as a ratio of full
    /// scale (FFmpeg's <c>n</c>). Default 0.001 (−60 dB). See <see cref="NoiseFromDecibels"/>.</summary>
    public double NoiseRatio { get; init; } = 0.001;

    /// <summary><see cref="FreezeMode.Robust"/> only: how far (in 8-bit levels) the typical 8×8 block mean may move
    /// from the reference while still counting as the same picture. Grain of strength 24 re-encoded stays well under
    /// it. Default 3.</summary>
    public double MaxTypicalBlockChange { get; init; } = 3.0;

    /// <summary><see cref="FreezeMode.Robust"/> only: a block whose mean moves more than this (in levels, and more
    /// than eight times the typical change) is moving content. Default 12: re-encoded grain of strength 24 stays
    /// below it, an object shifting by a few pixels does not.</summary>
    public double MovingBlockChange { get; init; } = 12.0;

    /// <summary><see cref="FreezeMode.Robust"/> only: the share of blocks that may be moving <em>in clusters</em>
    /// (a moving object spans adjacent blocks; isolated outliers are compression flicker) in a frozen picture.
    /// Default 0.0005 (0.05 %), at least 1 block.</summary>
    public double MaxMovingBlockShare { get; init; } = 0.0005;

    /// <summary>Parts of the picture to leave out of the decision: a clock, ticker or channel logo inserted
    /// downstream, which would otherwise hide a frozen picture. Default: none.</summary>
    [System.Text.Json.Serialization.JsonConverter(typeof(Registry.PixelRegionListJsonConverter))]
    public IReadOnlyList<PixelRegion> IgnoreRegions { get; init; } = [];

    /// <summary><see cref="FreezeMode.Robust"/> only: learn where live graphics are (a ticker, clock or bug keyed on
    /// after the programme, in the picture's top or bottom fifth, changing without a pause for at least 2 s before the
    /// freeze) and call a freeze whose only remaining change is theirs. The event's metrics then name the regions left
    /// out (<c>graphicsTopX</c>…, <c>graphicsBottomX</c>…) and on how many frames it mattered
    /// (<c>graphicsDiscountedFrames</c>). <see cref="IgnoreRegions"/> are never learned or counted. Default true.</summary>
    public bool DiscountLiveGraphics { get; init; } = true;

    /// <summary>Converts FFmpeg's decibel form (<c>n=-60dB</c>) to the ratio <see cref="NoiseRatio"/> takes.</summary>
    public static double NoiseFromDecibels(double decibels) => Math.Pow(10, decibels / 20);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for values out of range.</summary>
    public void Validate()
    {
        if (MinDuration < TimeSpan.Zero || MinDuration > TimeSpan.FromHours(1))
        {
            throw new ArgumentOutOfRangeException(nameof(MinDuration), MinDuration, "MinDuration must be between 0 and 1 hour.");
        }

        if (!(NoiseRatio is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(NoiseRatio), NoiseRatio, "NoiseRatio must be between 0 and 1.");
        }

        if (!(MaxTypicalBlockChange > 0) || !(MovingBlockChange > 0) || !(MaxMovingBlockShare is >= 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxTypicalBlockChange), "Robust thresholds must be positive (and the share below 1).");
        }
    }
}
