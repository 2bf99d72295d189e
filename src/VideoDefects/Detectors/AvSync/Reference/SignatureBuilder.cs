using VideoDefects.Analysis;
using VideoDefects.Frames;

namespace VideoDefects.Detectors.AvSync.Reference;

/// <summary>Records a <see cref="SyncSignature"/> from the frames' 8×8 block sums (which the pipeline computes
/// anyway) and the sound, as they pass. No allocation per frame beyond the signature's own growth.</summary>
internal sealed class SignatureBuilder
{
    /// <summary>A row or column of blocks whose mean luma never rose above this is a black bar, not picture
    /// (limited-range black is 16).</summary>
    private const float BarLuma = 24;

    private readonly float[] _cells = new float[SyncSignature.Cells];
    private float[] _rowMax = [];
    private float[] _columnMax = [];
    private double[] _rowSums = [];
    private double[] _columnSums = [];
    private readonly AudioLevelMeter _meter;

    // NaN (a stretch not recorded, see SkipTo) stays NaN.
    public SignatureBuilder() => _meter = new AudioLevelMeter(db => Signature.AddAudioBin(float.IsNaN(db) ? db : Math.Max(SyncSignature.SilenceDb, db)));

    public SyncSignature Signature { get; private set; } = new(25, false);

    public void Start(MediaInfo media)
    {
        Signature = new SyncSignature(media.Video.FrameRate, media.Audio is not null);
        _rowMax = [];
        _columnMax = [];
        _meter.Reset();
    }

    public void OnFrame(VideoFrame frame, FrameFeatures features)
    {
        var sums = features.LumaBlockSums8;
        var columns = features.BlockColumns;
        var rows = features.BlockRows;
        if (sums.Length < columns * rows || columns == 0 || rows == 0)
        {
            return;
        }

        if (_rowMax.Length != rows || _columnMax.Length != columns)
        {
            _rowMax = new float[rows];
            _columnMax = new float[columns];
            _rowSums = new double[rows];
            _columnSums = new double[columns];
        }

        Array.Clear(_rowSums);
        Array.Clear(_columnSums);
        for (var r = 0; r < rows; r++)
        {
            var row = sums.Slice(r * columns, columns);
            for (var c = 0; c < columns; c++)
            {
                _rowSums[r] += row[c];
                _columnSums[c] += row[c];
            }
        }

        for (var r = 0; r < rows; r++)
        {
            _rowMax[r] = Math.Max(_rowMax[r], (float)(_rowSums[r] / (64.0 * columns)));
        }

        for (var c = 0; c < columns; c++)
        {
            _columnMax[c] = Math.Max(_columnMax[c], (float)(_columnSums[c] / (64.0 * rows)));
        }

        // The active picture: rows and columns that have ever been brighter than a bar. Learned over the stream, so a
        // dark scene does not move the grid, and a letterboxed copy is compared on the same picture as its source.
        var (r0, r1) = ActiveSpan(_rowMax);
        var (c0, c1) = ActiveSpan(_columnMax);
        for (var i = 0; i < 4; i++)
        {
            var ya = r0 + ((r1 - r0) * i / 4);
            var yb = r0 + ((r1 - r0) * (i + 1) / 4);
            for (var j = 0; j < 4; j++)
            {
                var xa = c0 + ((c1 - c0) * j / 4);
                var xb = c0 + ((c1 - c0) * (j + 1) / 4);
                long total = 0;
                for (var y = ya; y < yb; y++)
                {
                    foreach (var s in sums.Slice((y * columns) + xa, xb - xa))
                    {
                        total += s;
                    }
                }

                _cells[(i * 4) + j] = (float)(total / (64.0 * Math.Max(1, (yb - ya) * (xb - xa))));
            }
        }

        Signature.AddFrame(frame.Timestamp, _cells);
    }

    /// <summary>Leaves the input from the end of what was recorded up to <paramref name="time"/> (seconds) out of the
    /// signature — a reference fingerprinted in samples: a frame of "no picture" (NaN cells) ends the picture recorded so
    /// far, and the sound's levels up to then are NaN. The comparison leaves those stretches out
    /// (<see cref="ReferenceAligner"/>); what was learned of the active picture is kept.</summary>
    public void SkipTo(double time)
    {
        var times = Signature.FrameTimes;
        if (times.Count > 0 && !float.IsNaN(Signature.CellValues[^1]))
        {
            Span<float> none = stackalloc float[SyncSignature.Cells];
            none.Fill(float.NaN);
            Signature.AddFrame(Math.Min(times[^1] + (1 / Signature.FrameRate), time), none);
        }

        _meter.SkipTo((long)Math.Floor(time * SyncSignature.AudioBinsPerSecond));
    }

    /// <summary>Adds mono samples that start at sample <paramref name="firstSample"/> of the video clock.</summary>
    public void OnAudio(ReadOnlySpan<float> mono, long firstSample, int sampleRate) => _meter.Add(mono, firstSample, sampleRate);

    public void Save(BinaryWriter w)
    {
        using (var signature = new MemoryStream())
        {
            Signature.Save(signature);
            w.WriteArray(signature.ToArray());
        }

        w.Write(Signature.FirstAudioBin);
        w.WriteArray(_rowMax);
        w.WriteArray(_columnMax);
        _meter.Save(w);
    }

    public void Restore(BinaryReader r)
    {
        using (var signature = new MemoryStream(r.ReadArray<byte>() ?? throw new InvalidDataException("Checkpoint is missing the signature.")))
        {
            Signature = SyncSignature.Load(signature);
        }

        Signature.FirstAudioBin = r.ReadInt64();

        _rowMax = r.ReadArray<float>() ?? [];
        _columnMax = r.ReadArray<float>() ?? [];
        _rowSums = new double[_rowMax.Length];
        _columnSums = new double[_columnMax.Length];
        _meter.Restore(r);
    }

    private static (int First, int End) ActiveSpan(float[] max)
    {
        var first = 0;
        var end = max.Length;
        while (first < end && max[first] <= BarLuma)
        {
            first++;
        }

        while (end > first && max[end - 1] <= BarLuma)
        {
            end--;
        }

        // A picture too dark to tell (or fewer than four blocks across) is taken whole.
        return end - first >= 4 ? (first, end) : (0, max.Length);
    }
}
