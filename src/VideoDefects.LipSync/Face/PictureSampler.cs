using VideoDefects.Frames;

namespace VideoDefects.LipSync.Face;

/// <summary>Samples a square of a YUV (or grey) picture into a model's RGB input tensor: bilinear luma, nearest
/// chroma, BT.601 limited range, values mapped linearly from [0, 1] to the model's range.</summary>
internal static class PictureSampler
{
    /// <summary>Fills <paramref name="destination"/> (<paramref name="size"/>² × 3 floats, NHWC when
    /// <paramref name="channelsLast"/>, else NCHW) with <paramref name="region"/> of <paramref name="frame"/>;
    /// each value is <c>low + rgb · (high − low)</c> with rgb in [0, 1].</summary>
    public static void Sample(VideoFrame frame, Square region, Span<float> destination, int size, bool channelsLast, float low, float high)
    {
        var luma = frame.Luma;
        var hasChroma = frame.Format.PixelFormat == PixelFormat.Yuv420P;
        var u = hasChroma ? frame.GetPlane(1) : default;
        var v = hasChroma ? frame.GetPlane(2) : default;
        var plane = size * size;
        var step = region.Side / size;
        var left = region.CenterX - (region.Side / 2) + (step / 2) - 0.5; // pixel centres
        var top = region.CenterY - (region.Side / 2) + (step / 2) - 0.5;
        var range = (high - low) / 255f;
        for (var row = 0; row < size; row++)
        {
            var y = top + (row * step);
            for (var col = 0; col < size; col++)
            {
                var x = left + (col * step);
                float r, g, b;
                if (x < -0.5 || y < -0.5 || x > luma.Width - 0.5 || y > luma.Height - 0.5)
                {
                    r = g = b = 0;
                }
                else
                {
                    var yy = 1.164f * (Bilinear(luma, x, y) - 16f);
                    if (hasChroma)
                    {
                        var cx = Math.Clamp((int)((x + 0.5) / 2), 0, u.Width - 1);
                        var cy = Math.Clamp((int)((y + 0.5) / 2), 0, u.Height - 1);
                        float cb = u.Data[(cy * u.Stride) + cx] - 128f, cr = v.Data[(cy * v.Stride) + cx] - 128f;
                        r = yy + (1.596f * cr);
                        g = yy - (0.392f * cb) - (0.813f * cr);
                        b = yy + (2.017f * cb);
                    }
                    else
                    {
                        r = g = b = yy;
                    }

                    r = Math.Clamp(r, 0, 255);
                    g = Math.Clamp(g, 0, 255);
                    b = Math.Clamp(b, 0, 255);
                }

                var i = (row * size) + col;
                if (channelsLast)
                {
                    destination[(3 * i) + 0] = low + (r * range);
                    destination[(3 * i) + 1] = low + (g * range);
                    destination[(3 * i) + 2] = low + (b * range);
                }
                else
                {
                    destination[i] = low + (r * range);
                    destination[plane + i] = low + (g * range);
                    destination[(2 * plane) + i] = low + (b * range);
                }
            }
        }
    }

    private static float Bilinear(Plane plane, double x, double y)
    {
        var x0 = Math.Clamp((int)Math.Floor(x), 0, plane.Width - 1);
        var y0 = Math.Clamp((int)Math.Floor(y), 0, plane.Height - 1);
        var x1 = Math.Min(x0 + 1, plane.Width - 1);
        var y1 = Math.Min(y0 + 1, plane.Height - 1);
        var fx = (float)Math.Clamp(x - x0, 0, 1);
        var fy = (float)Math.Clamp(y - y0, 0, 1);
        var data = plane.Data;
        float a = data[(y0 * plane.Stride) + x0], b = data[(y0 * plane.Stride) + x1];
        float c = data[(y1 * plane.Stride) + x0], d = data[(y1 * plane.Stride) + x1];
        return ((a + ((b - a) * fx)) * (1 - fy)) + ((c + ((d - c) * fx)) * fy);
    }
}
