using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using VideoDefects.FFmpeg;
using VideoDefects.Frames;

namespace VideoDefects.Reporting.Images;

/// <summary>Decodes single frames of a file by number (FFmpeg seeks to the keyframe before and decodes forward) and
/// turns them into RGB images.</summary>
internal static class FrameGrabber
{
    /// <summary>The frame <paramref name="index"/> of <paramref name="input"/> at full size, or null when the input
    /// has no such frame.</summary>
    public static async Task<Image<Rgb24>?> GrabAsync(string input, long index, CancellationToken cancellationToken)
    {
        await using var source = new FFmpegSource(input, new FFmpegSourceOptions { DecodeAudio = false, StartFrame = Math.Max(0, index), TrustedInput = true });
        await source.OpenAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var sample = await source.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (sample.IsEnd)
            {
                return null;
            }

            if (sample.Video is { } frame)
            {
                using (frame)
                {
                    return ToRgb(frame);
                }
            }
        }
    }

    /// <summary>BT.601 limited-range YUV 4:2:0 (or grey) to RGB.</summary>
    private static Image<Rgb24> ToRgb(VideoFrame frame)
    {
        var image = new Image<Rgb24>(frame.Width, frame.Height);
        var luma = frame.Luma;
        var hasChroma = frame.Format.PixelFormat == PixelFormat.Yuv420P;
        for (var y = 0; y < frame.Height; y++)
        {
            var yRow = frame.Luma.Row(y);
            var uRow = hasChroma ? frame.GetPlane(1).Row(y / 2) : default;
            var vRow = hasChroma ? frame.GetPlane(2).Row(y / 2) : default;
            for (var x = 0; x < luma.Width; x++)
            {
                var c = 1.164 * (yRow[x] - 16);
                var d = hasChroma ? uRow[x / 2] - 128 : 0;
                var e = hasChroma ? vRow[x / 2] - 128 : 0;
                image[x, y] = new Rgb24(Clamp(c + (1.596 * e)), Clamp(c - (0.392 * d) - (0.813 * e)), Clamp(c + (2.017 * d)));
            }
        }

        return image;
    }

    private static byte Clamp(double value) => (byte)Math.Clamp(Math.Round(value), 0, 255);
}
