using VideoDefects.Frames;
using VideoDefects.LipSync.Models;

namespace VideoDefects.LipSync.Face;

/// <summary>MediaPipe Face Mesh (192×192 crop, 468 points): the face's landmarks in a square, reduced to how open
/// the mouth is.</summary>
internal sealed class FaceLandmarker : IDisposable
{
    private const int Size = 192;
    private const int Points = 468;

    /// <summary>Inner-lip pairs, upper then lower: centre (13/14) and halfway to each corner (82/87, 312/317).</summary>
    private static readonly (int Upper, int Lower)[] InnerLips = [(13, 14), (82, 87), (312, 317)];

    /// <summary>Outer eye corners: a face scale that does not move with the mouth.</summary>
    private const int RightEyeOuter = 33, LeftEyeOuter = 263;

    private readonly OnnxModel _model;

    public FaceLandmarker(string modelsDirectory)
    {
        _model = new OnnxModel(
            ModelFile.FaceLandmarks,
            modelsDirectory,
            [("input_1", [1, 3, Size, Size])],
            [("conv2d_20", [1, Points * 3, 1, 1]), ("conv2d_30", [1, 1, 1, 1])]);
    }

    /// <summary>Measures the face in <paramref name="region"/> of <paramref name="frame"/>.</summary>
    public MouthMeasure Measure(VideoFrame frame, Square region)
    {
        PictureSampler.Sample(frame, region, _model.Inputs[0], Size, channelsLast: false, 0f, 1f);
        _model.Run();
        var points = _model.Outputs[0];
        var score = 1f / (1f + MathF.Exp(-Math.Clamp(_model.Outputs[1][0], -100f, 100f)));

        double opening = 0;
        foreach (var (upper, lower) in InnerLips)
        {
            opening += Distance(points, upper, lower);
        }

        var eyes = Distance(points, RightEyeOuter, LeftEyeOuter);
        double minX = double.MaxValue, minY = double.MaxValue, maxX = double.MinValue, maxY = double.MinValue;
        for (var p = 0; p < Points; p++)
        {
            minX = Math.Min(minX, points[3 * p]);
            maxX = Math.Max(maxX, points[3 * p]);
            minY = Math.Min(minY, points[(3 * p) + 1]);
            maxY = Math.Max(maxY, points[(3 * p) + 1]);
        }

        var (cx, cy) = region.ToPicture((minX + maxX) / 2 / Size, (minY + maxY) / 2 / Size);
        var side = Math.Max(maxX - minX, maxY - minY) / Size * region.Side * 1.5;
        var next = new Square(cx, cy, side);
        return new MouthMeasure(score, eyes > 1e-3 ? opening / InnerLips.Length / eyes : double.NaN, next);
    }

    public void Dispose() => _model.Dispose();

    private static double Distance(float[] points, int a, int b)
    {
        double dx = points[3 * a] - points[3 * b], dy = points[(3 * a) + 1] - points[(3 * b) + 1];
        return Math.Sqrt((dx * dx) + (dy * dy));
    }
}
