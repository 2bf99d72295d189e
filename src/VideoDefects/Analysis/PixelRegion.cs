namespace VideoDefects.Analysis;

/// <summary>A rectangle of the picture in luma pixels.</summary>
/// <param name="X">Left edge.</param>
/// <param name="Y">Top edge.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
public readonly record struct PixelRegion(int X, int Y, int Width, int Height)
{
    /// <summary>Pixels covered.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public long Area => (long)Width * Height;

    /// <summary>Whether the point lies inside.</summary>
    public bool Contains(int x, int y) => x >= X && y >= Y && x < X + Width && y < Y + Height;

    /// <summary>Parses <c>x,y,w,h</c> (invariant culture), as the CLI's <c>--ignore-region</c> takes it.</summary>
    public static PixelRegion Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(',');
        if (parts.Length != 4
            || !int.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out var x)
            || !int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var y)
            || !int.TryParse(parts[2], System.Globalization.CultureInfo.InvariantCulture, out var w)
            || !int.TryParse(parts[3], System.Globalization.CultureInfo.InvariantCulture, out var h)
            || x < 0 || y < 0 || w <= 0 || h <= 0)
        {
            throw new FormatException($"'{text}' is not a region: expected x,y,width,height with width and height > 0.");
        }

        return new PixelRegion(x, y, w, h);
    }
}
