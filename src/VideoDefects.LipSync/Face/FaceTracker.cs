using VideoDefects.Frames;

namespace VideoDefects.LipSync.Face;

/// <summary>Follows up to N faces from picture to picture and measures each one's mouth. The face detector runs only
/// to find faces (when none is tracked, when one was lost, and every few frames for newcomers); between searches each
/// face's landmarks say where to look next, as MediaPipe's face mesh does.</summary>
internal sealed class FaceTracker(FaceDetector detector, FaceLandmarker landmarker, int maxFaces, int redetectFrames, float minScore)
{
    /// <summary>Face probability from the landmark model below which a track is lost.</summary>
    private const float MinLandmarkScore = 0.5f;

    private readonly Square?[] _tracks = new Square?[maxFaces];
    private readonly FaceDetection[] _found = new FaceDetection[maxFaces + 2];
    private int _sinceSearch = int.MaxValue;

    /// <summary>Measures every tracked face in <paramref name="frame"/>: writes slot k's mouth opening to
    /// <paramref name="openings"/>[k] (NaN when the slot has no face in this picture).</summary>
    public void Track(VideoFrame frame, Span<float> openings)
    {
        if (_sinceSearch >= redetectFrames || AllEmpty())
        {
            Search(frame);
        }
        else
        {
            _sinceSearch++;
        }

        for (var k = 0; k < _tracks.Length; k++)
        {
            openings[k] = float.NaN;
            if (_tracks[k] is not { } region)
            {
                continue;
            }

            var measure = landmarker.Measure(frame, region);
            if (measure.FaceScore < MinLandmarkScore || !double.IsFinite(measure.Opening))
            {
                _tracks[k] = null;
                continue;
            }

            openings[k] = (float)measure.Opening;
            _tracks[k] = measure.Next;
        }
    }

    /// <summary>Forgets every face (a new stream).</summary>
    public void Reset()
    {
        Array.Clear(_tracks);
        _sinceSearch = int.MaxValue;
    }

    /// <summary>Writes the faces followed and when the detector last ran.</summary>
    public void Save(BinaryWriter writer)
    {
        writer.Write(_sinceSearch);
        foreach (var track in _tracks)
        {
            writer.Write(track is not null);
            if (track is { } t)
            {
                writer.Write(t.CenterX);
                writer.Write(t.CenterY);
                writer.Write(t.Side);
            }
        }
    }

    /// <summary>Goes on from what <see cref="Save"/> wrote.</summary>
    public void Load(BinaryReader reader)
    {
        _sinceSearch = reader.ReadInt32();
        for (var k = 0; k < _tracks.Length; k++)
        {
            _tracks[k] = reader.ReadBoolean() ? new Square(reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble()) : null;
        }
    }

    private bool AllEmpty() => Array.TrueForAll(_tracks, t => t is null);

    /// <summary>Runs the detector; a face not already followed takes a free slot.</summary>
    private void Search(VideoFrame frame)
    {
        _sinceSearch = 0;
        var count = detector.Detect(frame, minScore, _found);
        for (var f = 0; f < count; f++)
        {
            var face = _found[f];
            if (Followed(face))
            {
                continue;
            }

            var free = Array.FindIndex(_tracks, t => t is null);
            if (free < 0)
            {
                return;
            }

            _tracks[free] = face.LandmarkRegion;
        }
    }

    private bool Followed(FaceDetection face)
    {
        foreach (var track in _tracks)
        {
            if (track is { } t && Math.Abs(t.CenterX - face.CenterX) < t.Side / 3 && Math.Abs(t.CenterY - face.CenterY) < t.Side / 3)
            {
                return true;
            }
        }

        return false;
    }
}
