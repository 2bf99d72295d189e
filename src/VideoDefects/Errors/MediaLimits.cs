namespace VideoDefects.Errors;

/// <summary>Bounds on what an input may ask of us; exceeding one raises <see cref="LimitExceededException"/>.</summary>
public sealed record MediaLimits
{
    /// <summary>Defaults: up to 8192 × 8192 and 40 megapixels (8K UHD fits), 24 hours, 15 s read timeout.</summary>
    public static MediaLimits Default { get; } = new();

    /// <summary>Largest accepted width in pixels. Default 8192.</summary>
    public int MaxWidth { get; init; } = 8192;

    /// <summary>Largest accepted height in pixels. Default 8192.</summary>
    public int MaxHeight { get; init; } = 8192;

    /// <summary>Largest accepted width × height. Default 40 000 000.</summary>
    public long MaxPixels { get; init; } = 40_000_000;

    /// <summary>Longest media analysed; longer input is refused (files) or cut (live). Default 24 h.</summary>
    public TimeSpan MaxDuration { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Longest wait for data (connect and read). Default 15 s, so a server that accepts and then sends
    /// nothing is given up within 30 s even counting FFmpeg's start-up allowance for the first frame (+10 s).</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Throws <see cref="LimitExceededException"/> when <paramref name="width"/> × <paramref name="height"/>
    /// is out of bounds.</summary>
    public void CheckDimensions(string input, int width, int height)
    {
        if (width <= 0 || height <= 0)
        {
            throw new NotMediaException(input, $"invalid frame size {width}x{height}.");
        }

        if (width > MaxWidth || height > MaxHeight || (long)width * height > MaxPixels)
        {
            throw new LimitExceededException(input, $"frame size {width}x{height} exceeds the limit ({MaxWidth}x{MaxHeight}, {MaxPixels} pixels).");
        }
    }
}
