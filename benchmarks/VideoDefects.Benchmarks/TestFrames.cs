using VideoDefects.Frames;

namespace VideoDefects.Benchmarks;

/// <summary>Textured frames with light noise: realistic work for the kernels (no early-outs on flat data).</summary>
internal static class TestFrames
{
    /// <summary>A frame of the textured picture, moved <paramref name="shift"/> pixels to the right, with noise from
    /// <paramref name="seed"/>.</summary>
    public static VideoFrame Make(int width, int height, int seed, int shift = 0)
    {
        var frame = VideoFrame.Create(new VideoFormat(width, height, PixelFormat.Yuv420P, 25));
        var random = new Random(seed);
        var buffer = frame.GetWritableBuffer();
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var v = 128 + (60 * Math.Sin((x - shift) / 31.0)) + (40 * Math.Cos(y / 19.0)) + random.Next(-4, 5);
                buffer[(y * width) + x] = (byte)Math.Clamp(v, 0, 255);
            }
        }

        buffer[(width * height)..].Fill(128);
        return frame;
    }
}
