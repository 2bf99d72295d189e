using System.Runtime.CompilerServices;
using VideoDefects.Frames;

namespace VideoDefects.Detectors.Corruption;

/// <summary>
/// The classic compression-blockiness number of FFmpeg's <c>blockdetect</c> filter (Muijs &amp; Kirenko 2005), for
/// users who want it beside the corruption detector: <see cref="Measure"/> returns the value FFmpeg writes as
/// <c>lavfi.block</c> for the same luma frames, fed in the same order (about 1.0 = no blockiness).
/// </summary>
/// <remarks>
/// Each step between neighbouring pixels is normalised by the six steps around it; the normalised steps are summed
/// per column (and per row) and, for every period from 3 to 24, the columns on the period's grid are compared with
/// the others; the largest ratio wins. FFmpeg keeps those per-column and per-row sums from one frame to the next (its
/// buffer is never cleared), so its per-frame value is a running measure over the frames so far; this class does the
/// same, in the same single-precision order, so the numbers agree. <see cref="Reset"/> starts over. It is as costly as
/// FFmpeg's filter (a few divisions per pixel): the corruption detector does not use it.
/// </remarks>
public sealed class FFmpegBlockinessMeter
{
    private const int PeriodMin = 3;
    private const int PeriodMax = 24;
    private float[] _columns = [];
    private float[] _rows = [];

    /// <summary>Forgets the sums of earlier frames.</summary>
    public void Reset()
    {
        Array.Clear(_columns);
        Array.Clear(_rows);
    }

    /// <summary>Adds <paramref name="luma"/> to the running sums and returns the blockiness so far.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Measure(Plane luma)
    {
        var w = luma.Width;
        var h = luma.Height;
        if (_columns.Length != w || _rows.Length != h)
        {
            _columns = new float[w];
            _rows = new float[h];
        }

        var data = luma.Data;
        var stride = luma.Stride;
        for (var j = 1; j < h; j++)
        {
            var row = data[(j * stride)..];
            for (var i = 3; i < w - 4; i++)
            {
                float step = Math.Abs(row[i] - row[i + 1]);
                float around = Math.Abs(row[i + 1] - row[i + 2]);
                around += Math.Abs(row[i + 2] - row[i + 3]);
                around += Math.Abs(row[i + 3] - row[i + 4]);
                around += Math.Abs(row[i] - row[i - 1]);
                around += Math.Abs(row[i - 1] - row[i - 2]);
                around += Math.Abs(row[i - 2] - row[i - 3]);
                _columns[i] += step / Math.Max(1f, around);
            }
        }

        var result = BestPeriodRatio(_columns, w, 0f);
        for (var j = 3; j < h - 4; j++)
        {
            var m3 = data[((j - 3) * stride)..];
            var m2 = data[((j - 2) * stride)..];
            var m1 = data[((j - 1) * stride)..];
            var p0 = data[(j * stride)..];
            var p1 = data[((j + 1) * stride)..];
            var p2 = data[((j + 2) * stride)..];
            var p3 = data[((j + 3) * stride)..];
            var p4 = data[((j + 4) * stride)..];
            for (var i = 1; i < w; i++)
            {
                float step = Math.Abs(p0[i] - p1[i]);
                float around = Math.Abs(p1[i] - p2[i]);
                around += Math.Abs(p2[i] - p3[i]);
                around += Math.Abs(p3[i] - p4[i]);
                around += Math.Abs(p0[i] - m1[i]);
                around += Math.Abs(m1[i] - m2[i]);
                around += Math.Abs(m2[i] - m3[i]);
                _rows[j] += step / Math.Max(1f, around);
            }
        }

        return BestPeriodRatio(_rows, h, result);
    }

    private static float BestPeriodRatio(float[] sums, int length, float best)
    {
        for (var period = PeriodMin; period <= PeriodMax; period++)
        {
            float block = 0, nonBlock = 0;
            int blockCount = 0, nonBlockCount = 0;
            for (var i = 3; i < length - 4; i++)
            {
                if (i % period == period - 1)
                {
                    block += Math.Max(Math.Max(sums[i], sums[i + 1]), sums[i - 1]);
                    blockCount++;
                }
                else
                {
                    nonBlock += sums[i];
                    nonBlockCount++;
                }
            }

            if (blockCount > 0 && nonBlockCount > 0)
            {
                best = Math.Max(best, block / blockCount / (nonBlock / nonBlockCount));
            }
        }

        return best;
    }
}
