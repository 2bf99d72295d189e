namespace VideoDefects.Frames;

/// <summary>Pixel layouts the core understands. Every format is planar with the luma plane first.</summary>
/// <remarks>10-bit 4:2:0 (<c>yuv420p10le</c>) is the next format to add; detectors already express thresholds as
/// fractions of full scale so that they carry over.</remarks>
public enum PixelFormat
{
    /// <summary>One 8-bit luma plane (FFmpeg <c>gray</c>).</summary>
    Gray8,

    /// <summary>8-bit Y, then U and V at half width and half height (FFmpeg <c>yuv420p</c>).</summary>
    Yuv420P,
}
