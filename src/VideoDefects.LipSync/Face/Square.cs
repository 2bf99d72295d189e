namespace VideoDefects.LipSync.Face;

/// <summary>A square region of the picture, in pixels: its centre and side. May reach outside the picture (what lies
/// outside reads as black, as the models were trained with).</summary>
internal readonly record struct Square(double CenterX, double CenterY, double Side)
{
    /// <summary>The smallest square holding a <paramref name="width"/> × <paramref name="height"/> picture, centred on it.</summary>
    public static Square Around(int width, int height) => new(width / 2.0, height / 2.0, Math.Max(width, height));

    /// <summary>The picture position of a point given in the square's own [0, 1) coordinates.</summary>
    public (double X, double Y) ToPicture(double u, double v) => (CenterX + ((u - 0.5) * Side), CenterY + ((v - 0.5) * Side));
}
