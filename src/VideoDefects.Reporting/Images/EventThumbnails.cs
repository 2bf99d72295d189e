using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using VideoDefects.Analysis;

namespace VideoDefects.Reporting.Images;

/// <summary>Makes <see cref="EventImages"/> for a report's events by decoding just those frames.</summary>
public static class EventThumbnails
{
    private static readonly Rgb24 Outline = new(255, 32, 32);

    /// <summary>Thumbnails for up to <paramref name="maxEvents"/> events of a local file or URL FFmpeg can seek in.</summary>
    /// <param name="input">The analysed input.</param>
    /// <param name="events">The report's events (those without frame numbers are skipped).</param>
    /// <param name="width">Thumbnail width in pixels.</param>
    /// <param name="maxEvents">At most this many events get pictures (decoding costs a seek each).</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>Pictures by event id.</returns>
    public static async Task<IReadOnlyDictionary<string, EventImages>> CreateAsync(
        string input, IEnumerable<DefectEvent> events, int width = 320, int maxEvents = 40, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        var result = new Dictionary<string, EventImages>(StringComparer.Ordinal);
        foreach (var defect in events.Where(e => e.FirstFrame is not null).Take(maxEvents))
        {
            var first = defect.FirstFrame!.Value;
            var (beforeIndex, afterIndex) = defect.Kind == DefectKind.FrozenFrame
                ? (first, defect.LastFrame ?? first)
                : (first - 1, first);
            var after = await GrabAsync(input, afterIndex, width, defect, cancellationToken).ConfigureAwait(false);
            if (after is null)
            {
                continue;
            }

            var before = beforeIndex >= 0 ? await GrabAsync(input, beforeIndex, width, null, cancellationToken).ConfigureAwait(false) : null;
            result[defect.Id] = new EventImages(before, after);
        }

        return result;
    }

    private static async Task<byte[]?> GrabAsync(string input, long index, int width, DefectEvent? outlined, CancellationToken cancellationToken)
    {
        using var image = await FrameGrabber.GrabAsync(input, index, cancellationToken).ConfigureAwait(false);
        if (image is null)
        {
            return null;
        }

        if (outlined?.Region is { } region)
        {
            // The region is in source pixels: outline first (thick enough to survive the downscale), then scale.
            var thickness = Math.Max(2, image.Width / Math.Max(1, width) * 2);
            DrawRectangle(image, region.X, region.Y, region.Width, region.Height, thickness);
        }

        image.Mutate(x => x.Resize(width, 0));

        using var png = new MemoryStream();
        await image.SaveAsync(png, new PngEncoder(), cancellationToken).ConfigureAwait(false);
        return png.ToArray();
    }

    private static void DrawRectangle(Image<Rgb24> image, int x, int y, int width, int height, int thickness)
    {
        var x1 = Math.Clamp(x + width - 1, 0, image.Width - 1);
        var y1 = Math.Clamp(y + height - 1, 0, image.Height - 1);
        x = Math.Clamp(x, 0, image.Width - 1);
        y = Math.Clamp(y, 0, image.Height - 1);
        for (var t = 0; t < thickness; t++)
        {
            for (var i = x; i <= x1; i++)
            {
                image[i, Math.Min(y + t, y1)] = Outline;
                image[i, Math.Max(y1 - t, y)] = Outline;
            }

            for (var j = y; j <= y1; j++)
            {
                image[Math.Min(x + t, x1), j] = Outline;
                image[Math.Max(x1 - t, x), j] = Outline;
            }
        }
    }
}
