namespace VideoDefects.LipSync.Face;

/// <summary>A face found in a picture, in picture pixels: its box and the detector's score.</summary>
internal readonly record struct FaceDetection(double CenterX, double CenterY, double Width, double Height, float Score)
{
    /// <summary>The square the landmark model reads: the box's long side enlarged 1.5× (MediaPipe's face-mesh crop).</summary>
    public Square LandmarkRegion => new(CenterX, CenterY, Math.Max(Width, Height) * 1.5);

    /// <summary>Intersection over union of two boxes.</summary>
    public double Overlap(FaceDetection other)
    {
        var w = Math.Min(CenterX + (Width / 2), other.CenterX + (other.Width / 2)) - Math.Max(CenterX - (Width / 2), other.CenterX - (other.Width / 2));
        var h = Math.Min(CenterY + (Height / 2), other.CenterY + (other.Height / 2)) - Math.Max(CenterY - (Height / 2), other.CenterY - (other.Height / 2));
        if (w <= 0 || h <= 0)
        {
            return 0;
        }

        var both = w * h;
        return both / ((Width * Height) + (other.Width * other.Height) - both);
    }
}
