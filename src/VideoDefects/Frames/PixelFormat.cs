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

/// <summary>Plane geometry of the <see cref="PixelFormat"/> values.</summary>
public static class PixelFormatExtensions
{
    /// <summary>Number of planes stored for <paramref name="format"/>.</summary>
    public static int PlaneCount(this PixelFormat format) => format == PixelFormat.Gray8 ? 1 : 3;

    /// <summary>The FFmpeg name of <paramref name="format"/> (<c>gray</c>, <c>yuv420p</c>).</summary>
    public static string FFmpegName(this PixelFormat format) => format == PixelFormat.Gray8 ? "gray" : "yuv420p";

    /// <summary>Width and height of plane <paramref name="plane"/> for a picture of <paramref name="width"/> × <paramref name="height"/>.</summary>
    public static (int Width, int Height) PlaneSize(this PixelFormat format, int plane, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(plane);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(plane, format.PlaneCount());
        return plane == 0 ? (width, height) : ((width + 1) / 2, (height + 1) / 2);
    }

    /// <summary>Bytes of one tightly packed picture (each plane's stride equals its width).</summary>
    public static long PackedFrameBytes(this PixelFormat format, int width, int height)
    {
        long total = 0;
        for (var p = 0; p < format.PlaneCount(); p++)
        {
            var (w, h) = format.PlaneSize(p, width, height);
            total += (long)w * h;
        }

        return total;
    }
}
