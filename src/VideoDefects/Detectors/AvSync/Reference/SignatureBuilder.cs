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
    private double _binEnergy;
    private int _binFill;
    private long _binsDone;
    private int _binSamples;

    public SyncSignature Signature { get; private set; } = new(25, false);

    public void Start(MediaInfo media)
    {
        Signature = new SyncSignature(media.Video.FrameRate, media.Audio is not null);
        _rowMax = [];
        _columnMax = [];
        _binsDone = 0;
        _binFill = 0;
        _binEnergy = 0;
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

    public void OnAudio(AudioBlock block)
    {
        var rate = block.Format.SampleRate;
        var channels = block.Format.Channels;
        _binSamples = Math.Max(1, rate / SyncSignature.AudioBinsPerSecond);

        // Bins stay on the clock: a gap before this block is silence.
        var first = (long)Math.Round(block.StartTime * rate);
        var expected = (_binsDone * _binSamples) + _binFill;
        for (var gap = first - expected; gap > 0; gap--)
        {
            Accumulate(0);
        }

        var samples = block.Samples;
        for (var i = 0; i < block.FrameCount; i++)
        {
            float sum = 0;
            for (var c = 0; c < channels; c++)
            {
                sum += samples[(i * channels) + c];
            }

            Accumulate(sum / channels);
        }
    }

    private void Accumulate(float x)
    {
        _binEnergy += x * x;
        if (++_binFill < _binSamples)
        {
            return;
        }

        var mean = _binEnergy / _binSamples;
        Signature.AddAudioBin(mean <= 1e-10 ? SyncSignature.SilenceDb : Math.Max(SyncSignature.SilenceDb, (float)(10 * Math.Log10(mean))));
        _binEnergy = 0;
        _binFill = 0;
        _binsDone++;
    }

    public void Save(BinaryWriter w)
    {
        using (var signature = new MemoryStream())
        {
            Signature.Save(signature);
            w.WriteArray(signature.ToArray());
        }

        w.WriteArray(_rowMax);
        w.WriteArray(_columnMax);
        w.Write(_binEnergy);
        w.Write(_binFill);
        w.Write(_binsDone);
        w.Write(_binSamples);
    }

    public void Restore(BinaryReader r)
    {
        using (var signature = new MemoryStream(r.ReadArray<byte>() ?? throw new InvalidDataException("Checkpoint is missing the signature.")))
        {
            Signature = SyncSignature.Load(signature);
        }

        _rowMax = r.ReadArray<float>() ?? [];
        _columnMax = r.ReadArray<float>() ?? [];
        _rowSums = new double[_rowMax.Length];
        _columnSums = new double[_columnMax.Length];
        _binEnergy = r.ReadDouble();
        _binFill = r.ReadInt32();
        _binsDone = r.ReadInt64();
        _binSamples = r.ReadInt32();
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
