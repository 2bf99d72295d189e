namespace VideoDefects.Frames;

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
