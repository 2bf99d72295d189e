using VideoDefects.Frames;

namespace VideoDefects.Tests.Support;

/// <summary>Deterministic synthetic pictures for detector tests: textured scenes, noise, motion.</summary>
internal static class Synthetic
{
    /// <summary>A textured luma value at (x, y): smooth gradients plus sharp-edged shapes, like real content.</summary>
    public static byte Scene(double x, double y)
    {
        var v = 110 + (50 * Math.Sin(x / 23.0)) + (40 * Math.Cos(y / 17.0)) + (25 * Math.Sin((x + y) / 7.0));
        // 37-pixel squares, offset: edges that rarely fall on the 8/16-pixel coding grid, as in real pictures.
        if (((int)((x + 5) / 37) + (int)((y + 3) / 37)) % 2 == 0)
        {
            v += 30;
        }

        return (byte)Math.Clamp(v, 0, 255);
    }

    /// <summary>Fills <paramref name="frame"/> with the scene shifted right by <paramref name="shift"/> pixels plus
    /// uniform noise of ±<paramref name="noise"/> levels; chroma is flat.</summary>
    public static void Fill(VideoFrame frame, double shift, int noise, Random random)
    {
        var buffer = frame.GetWritableBuffer();
        var w = frame.Width;
        for (var y = 0; y < frame.Height; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var v = Scene(x - shift, y) + (noise > 0 ? random.Next(-noise, noise + 1) : 0);
                buffer[(y * w) + x] = (byte)Math.Clamp(v, 0, 255);
            }
        }

        buffer[(w * frame.Height)..].Fill(128);
    }

    /// <summary>Draws a filled square of <paramref name="value"/> at (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public static void Square(VideoFrame frame, int x, int y, int size, byte value)
    {
        var buffer = frame.GetWritableBuffer();
        for (var yy = Math.Max(0, y); yy < Math.Min(frame.Height, y + size); yy++)
        {
            for (var xx = Math.Max(0, x); xx < Math.Min(frame.Width, x + size); xx++)
            {
                buffer[(yy * frame.Width) + xx] = value;
            }
        }
    }
}
