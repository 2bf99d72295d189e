namespace VideoDefects.Frames;

/// <summary>The picture geometry and nominal rate of a video stream.</summary>
/// <param name="Width">Luma width in pixels.</param>
/// <param name="Height">Luma height in pixels.</param>
/// <param name="PixelFormat">How the planes are laid out.</param>
/// <param name="FrameRate">Nominal frames per second (the stream's average rate).</param>
public sealed record VideoFormat(int Width, int Height, PixelFormat PixelFormat, double FrameRate)
{
    /// <summary>Bytes of one tightly packed frame in this format.</summary>
    public long FrameBytes => PixelFormat.PackedFrameBytes(Width, Height);

    /// <summary>Throws <see cref="ArgumentException"/> unless the geometry and rate are usable.</summary>
    public void Validate()
    {
        if (Width <= 0 || Height <= 0)
        {
            throw new ArgumentException($"Frame size {Width}x{Height} is not valid.");
        }

        if (!(FrameRate > 0) || double.IsInfinity(FrameRate))
        {
            throw new ArgumentException($"Frame rate {FrameRate} is not valid.");
        }
    }
}
