using VideoDefects.Frames;
using VideoDefects.LipSync.Models;

namespace VideoDefects.LipSync.Face;

/// <summary>MediaPipe BlazeFace (short range, 128×128): the faces in a whole picture, letterboxed to a square.</summary>
internal sealed class FaceDetector : IDisposable
{
    private const int Size = 128;
    private const int Values = 16; // box (4) + six keypoints (12), of which only the box is used

    private readonly OnnxModel _model;
    private readonly (float X, float Y)[] _anchors = CreateAnchors();

    public FaceDetector(string modelsDirectory)
    {
        _model = new OnnxModel(
            ModelFile.FaceDetector,
            modelsDirectory,
            [("input:0", [1, Size, Size, 3])],
            [("Identity:0", [1, 512, 1]), ("Identity_1:0", [1, 384, 1]), ("Identity_2:0", [1, 512, Values]), ("Identity_3:0", [1, 384, Values])]);
    }

    /// <summary>Writes the faces scoring at least <paramref name="minScore"/> into <paramref name="found"/>, best first,
    /// overlapping ones merged into the best; returns how many.</summary>
    public int Detect(VideoFrame frame, float minScore, Span<FaceDetection> found)
    {
        var region = Square.Around(frame.Width, frame.Height);
        PictureSampler.Sample(frame, region, _model.Inputs[0], Size, channelsLast: true, -1f, 1f);
        _model.Run();
        var count = 0;
        for (var a = 0; a < _anchors.Length; a++)
        {
            var (scores, boxes, i) = a < 512 ? (_model.Outputs[0], _model.Outputs[2], a) : (_model.Outputs[1], _model.Outputs[3], a - 512);
            var score = 1f / (1f + MathF.Exp(-Math.Clamp(scores[i], -100f, 100f)));
            if (score < minScore)
            {
                continue;
            }

            var raw = boxes.AsSpan(i * Values, Values);
            var (ax, ay) = _anchors[a];
            var (cx, cy) = region.ToPicture(ax + (raw[0] / Size), ay + (raw[1] / Size));
            var face = new FaceDetection(cx, cy, raw[2] / Size * region.Side, raw[3] / Size * region.Side, score);
            count = Insert(found, count, face);
        }

        return count;
    }

    public void Dispose() => _model.Dispose();

    /// <summary>Keeps the best of overlapping detections (non-maximum suppression), best first.</summary>
    private static int Insert(Span<FaceDetection> found, int count, FaceDetection face)
    {
        for (var k = 0; k < count; k++)
        {
            if (found[k].Overlap(face) > 0.3)
            {
                if (face.Score > found[k].Score)
                {
                    found[k] = face;
                    Sort(found[..count]);
                }

                return count;
            }
        }

        if (count < found.Length)
        {
            found[count++] = face;
        }
        else if (found.Length > 0 && face.Score > found[^1].Score)
        {
            found[^1] = face;
        }

        Sort(found[..count]);
        return count;
    }

    private static void Sort(Span<FaceDetection> faces)
    {
        // Insertion sort: a handful of faces, and no delegate or allocation per frame.
        for (var i = 1; i < faces.Length; i++)
        {
            var face = faces[i];
            var j = i - 1;
            while (j >= 0 && faces[j].Score < face.Score)
            {
                faces[j + 1] = faces[j];
                j--;
            }

            faces[j + 1] = face;
        }
    }

    /// <summary>MediaPipe's SSD anchors for the 128×128 front model: 16×16 cells × 2, then 8×8 cells × 6, unit size.</summary>
    private static (float X, float Y)[] CreateAnchors()
    {
        var anchors = new List<(float, float)>(896);
        foreach (var (cells, perCell) in new[] { (16, 2), (8, 6) })
        {
            for (var y = 0; y < cells; y++)
            {
                for (var x = 0; x < cells; x++)
                {
                    for (var k = 0; k < perCell; k++)
                    {
                        anchors.Add(((x + 0.5f) / cells, (y + 0.5f) / cells));
                    }
                }
            }
        }

        return [.. anchors];
    }
}
