using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using VideoDefects.Frames;

namespace VideoDefects.Kernels;

public static partial class FrameMath
{
    /// <summary>The left-border seam samples one row in this many (rows 2, 6, 10 and 14 of a block).</summary>
    private const int SeamRowStep = 4;

    [ThreadStatic]
    private static ushort[]? _seamSteps;

    /// <summary>
    /// For each 16×16 block: how far the luma step across its top border, or across its left border, stands out from
    /// the steps just beside that border — <c>64 × (S − 0.75 × A) / n</c> for the border where it is larger, with
    /// <c>S</c> the summed steps across the border and <c>A</c> the summed steps one pixel inside plus one pixel
    /// outside it, over <c>n</c> samples (all 16 columns of the top border; rows 2, 6, 10 and 14 of the left border).
    /// 0 for the first block, whose borders are the picture's. Row-major over <see cref="BlockGrid16"/>.
    /// </summary>
    /// <remarks>A smooth picture changes gradually across a block border as it does beside it; a concealed or
    /// misplaced macroblock has a sharp step exactly on the grid that its neighbourhood does not — which stays in the
    /// picture for as long as the damage does. So 512 (a step 8 levels above its surroundings) marks such a seam.
    /// Vectorised: the top border is three sums of absolute differences of whole block rows (<c>psadbw</c> on x86),
    /// the left border picks three steps per block out of a vectorised row of steps.</remarks>
    public static void MacroblockSeams(Plane plane, Span<int> seams) =>
        MacroblockSeams(plane, seams, 0, BlockGrid16(plane.Width, plane.Height).Rows);

    /// <summary>
    /// <see cref="MacroblockSeams(Plane, Span{int})"/> for block rows <paramref name="firstBlockRow"/> to
    /// <paramref name="firstBlockRow"/> + <paramref name="blockRowCount"/> − 1 only, written at the same places; the
    /// other entries are left as they are. A block row reads its own pixel rows and the two above it, so a caller
    /// that produces a picture band by band can measure each band while it is in cache.
    /// </summary>
    public static void MacroblockSeams(Plane plane, Span<int> seams, int firstBlockRow, int blockRowCount)
    {
        var (columns, rows) = CheckSeamDestination(plane, seams);
        ArgumentOutOfRangeException.ThrowIfNegative(firstBlockRow);
        ArgumentOutOfRangeException.ThrowIfNegative(blockRowCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstBlockRow + blockRowCount, rows, nameof(blockRowCount));
        if (columns == 0 || blockRowCount == 0)
        {
            return;
        }

        if (Vector128.IsHardwareAccelerated)
        {
            MacroblockSeamsVector(plane, seams, firstBlockRow, firstBlockRow + blockRowCount);
        }
        else
        {
            MacroblockSeamsScalar(plane, seams, firstBlockRow, firstBlockRow + blockRowCount);
        }
    }

    /// <summary>Scalar reference for <see cref="MacroblockSeams(Plane, Span{int})"/>.</summary>
    internal static void MacroblockSeamsScalar(Plane plane, Span<int> seams)
    {
        var (_, rows) = CheckSeamDestination(plane, seams);
        MacroblockSeamsScalar(plane, seams, 0, rows);
    }

    private static void MacroblockSeamsScalar(Plane plane, Span<int> seams, int startRow, int endRow)
    {
        var columns = plane.Width / MacroblockSize;
        var data = plane.Data;
        var stride = plane.Stride;
        for (var r = startRow; r < endRow; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                var x0 = c * MacroblockSize;
                var y0 = r * MacroblockSize;
                var best = int.MinValue;
                if (r > 0)
                {
                    int across = 0, beside = 0;
                    for (var x = x0; x < x0 + MacroblockSize; x++)
                    {
                        int above2 = data[((y0 - 2) * stride) + x], above = data[((y0 - 1) * stride) + x];
                        int here = data[(y0 * stride) + x], below = data[((y0 + 1) * stride) + x];
                        across += Math.Abs(here - above);
                        beside += Math.Abs(below - here) + Math.Abs(above - above2);
                    }

                    best = (4 * across) - (3 * beside);
                }

                if (c > 0)
                {
                    int across = 0, beside = 0;
                    for (var y = y0 + (SeamRowStep / 2); y < y0 + MacroblockSize; y += SeamRowStep)
                    {
                        var o = y * stride;
                        int left2 = data[o + x0 - 2], left = data[o + x0 - 1], here = data[o + x0], right = data[o + x0 + 1];
                        across += Math.Abs(here - left);
                        beside += Math.Abs(right - here) + Math.Abs(left - left2);
                    }

                    best = Math.Max(best, (16 * across) - (12 * beside));
                }

                seams[(r * columns) + c] = best == int.MinValue ? 0 : best;
            }
        }
    }

    private static (int Columns, int Rows) CheckSeamDestination(Plane plane, Span<int> seams)
    {
        var (columns, rows) = BlockGrid16(plane.Width, plane.Height);
        if (seams.Length < columns * rows)
        {
            throw new ArgumentException($"The destination needs {columns * rows} blocks.", nameof(seams));
        }

        return (columns, rows);
    }

    /// <summary>Block rows <paramref name="startRow"/> to <paramref name="endRow"/> − 1 (checked by the caller).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MacroblockSeamsVector(Plane plane, Span<int> seams, int startRow, int endRow)
    {
        var columns = plane.Width / MacroblockSize;
        var width = columns * MacroblockSize;
        var steps = SeamScratch(width);
        ref var data = ref MemoryMarshal.GetReference(plane.Data);
        ref var step = ref MemoryMarshal.GetReference(steps);
        var stride = plane.Stride;
        for (var r = startRow; r < endRow; r++)
        {
            var y0 = r * MacroblockSize;

            // Left borders: the steps between neighbours, summed over the sampled rows for the whole row at once;
            // three of them per block are used.
            steps.Clear();
            for (var y = y0 + (SeamRowStep / 2); y < y0 + MacroblockSize; y += SeamRowStep)
            {
                var row = plane.Row(y)[..width];
                AddAbsoluteDifferences(row[1..], row[..^1], steps[1..], vectorize: true);
            }

            // Top borders: sums of absolute differences of whole block rows (two blocks at a time with AVX2).
            ref var here = ref Unsafe.Add(ref data, y0 * stride);
            ref var seam = ref Unsafe.Add(ref MemoryMarshal.GetReference(seams), r * columns);
            var c = 0;
            if (r > 0 && Avx2.IsSupported)
            {
                for (; c + 2 <= columns; c += 2)
                {
                    ref var p = ref Unsafe.Add(ref here, c * MacroblockSize);
                    var above2 = Vector256.LoadUnsafe(ref Unsafe.Subtract(ref p, 2 * stride));
                    var above = Vector256.LoadUnsafe(ref Unsafe.Subtract(ref p, stride));
                    var row = Vector256.LoadUnsafe(ref p);
                    var below = Vector256.LoadUnsafe(ref Unsafe.Add(ref p, stride));
                    var top = Avx2.SumAbsoluteDifferences(row, above).AsInt64();
                    var beside = Avx2.SumAbsoluteDifferences(below, row).AsInt64() + Avx2.SumAbsoluteDifferences(above, above2).AsInt64();
                    var score = (top * 4) - (beside * 3);
                    Unsafe.Add(ref seam, c) = Seam(ref step, c, (int)(score.GetElement(0) + score.GetElement(1)));
                    Unsafe.Add(ref seam, c + 1) = Seam(ref step, c + 1, (int)(score.GetElement(2) + score.GetElement(3)));
                }
            }

            for (; c < columns; c++)
            {
                var topScore = int.MinValue;
                if (r > 0)
                {
                    ref var p = ref Unsafe.Add(ref here, c * MacroblockSize);
                    var top = SumAbs16(ref p, ref Unsafe.Subtract(ref p, stride));
                    var inside = SumAbs16(ref Unsafe.Add(ref p, stride), ref p);
                    var outside = SumAbs16(ref Unsafe.Subtract(ref p, stride), ref Unsafe.Subtract(ref p, 2 * stride));
                    topScore = (4 * top) - (3 * (inside + outside));
                }

                Unsafe.Add(ref seam, c) = Seam(ref step, c, topScore);
            }
        }
    }

    /// <summary>This thread's scratch row of step sums, at least <paramref name="width"/> long: kept between calls, so
    /// that measuring band by band allocates nothing per call.</summary>
    private static Span<ushort> SeamScratch(int width)
    {
        if (_seamSteps is not { } steps || steps.Length < width)
        {
            _seamSteps = steps = new ushort[Math.Max(width, 4096)];
        }

        return steps.AsSpan(0, width);
    }

    /// <summary>A block's seam: the larger of its top-border score and its left-border score (from the summed row steps
    /// around <c>x = 16c</c>); 0 when it has neither border.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Seam(ref ushort steps, int c, int topScore)
    {
        if (c == 0)
        {
            return topScore == int.MinValue ? 0 : topScore;
        }

        ref var across = ref Unsafe.Add(ref steps, c * MacroblockSize);
        return Math.Max(topScore, (16 * across) - (12 * (Unsafe.Add(ref across, 1) + Unsafe.Subtract(ref across, 1))));
    }

    /// <summary><c>Σ |a[i] − b[i]|</c> over 16 bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SumAbs16(ref byte a, ref byte b)
    {
        var va = Vector128.LoadUnsafe(ref a);
        var vb = Vector128.LoadUnsafe(ref b);
        return (int)Vector128.Sum(Sse2.IsSupported ? Sse2.SumAbsoluteDifferences(va, vb).AsUInt64() : SumOfAbsoluteDifferences(va, vb));
    }
}
