using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using VideoDefects.Frames;

namespace VideoDefects.Kernels;

public static partial class FrameMath
{
    /// <summary>Macroblock size of the block-edge profile (H.264/MPEG-2 macroblocks; VP8 and HEVC CTUs align to it).</summary>
    public const int MacroblockSize = 16;

    /// <summary>The 16×16 grid of a plane (partial blocks at the right and bottom are left out).</summary>
    public static (int Columns, int Rows) BlockGrid16(int width, int height) => (width / MacroblockSize, height / MacroblockSize);

    /// <summary>
    /// For each 16×16 block: the summed absolute luma step across its left and top borders
    /// (<paramref name="borderSteps"/>: <c>|p[x] − p[x−1]|</c> at <c>x = 16c</c> plus <c>|p[y] − p[y−1]|</c> at
    /// <c>y = 16r</c>, 32 steps; the blocks of the first column or row have only one border, 16 steps) and the summed
    /// absolute steps inside it (<paramref name="interiorSteps"/>: the other 15 columns and 15 rows of steps, 480
    /// steps). How much a block's borders stand out from its inside is the local blockiness corruption produces.
    /// </summary>
    /// <remarks>One pass over the plane: per-column sums of horizontal steps and of vertical steps are accumulated
    /// over the 16 rows of a block row with vector absolute differences (max − min, widened to 16 bits: at most
    /// 16 × 255 per column), then folded per block.</remarks>
    public static void BlockEdgeSteps(Plane plane, Span<int> borderSteps, Span<int> interiorSteps) =>
        BlockEdgeSteps(plane, borderSteps, interiorSteps, vectorize: true);

    /// <summary>Scalar reference for <see cref="BlockEdgeSteps(Plane, Span{int}, Span{int})"/>.</summary>
    public static void BlockEdgeStepsScalar(Plane plane, Span<int> borderSteps, Span<int> interiorSteps) =>
        BlockEdgeSteps(plane, borderSteps, interiorSteps, vectorize: false);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BlockEdgeSteps(Plane plane, Span<int> borderSteps, Span<int> interiorSteps, bool vectorize)
    {
        var (columns, rows) = BlockGrid16(plane.Width, plane.Height);
        if (borderSteps.Length < columns * rows || interiorSteps.Length < columns * rows)
        {
            throw new ArgumentException($"Destinations need {columns * rows} blocks.");
        }

        if (columns == 0 || rows == 0)
        {
            return;
        }

        var width = columns * MacroblockSize;
        Span<ushort> horizontal = width <= 4096 ? stackalloc ushort[width] : new ushort[width];
        Span<ushort> vertical = width <= 4096 ? stackalloc ushort[width] : new ushort[width];
        Span<ushort> verticalBorder = width <= 4096 ? stackalloc ushort[width] : new ushort[width];
        for (var r = 0; r < rows; r++)
        {
            horizontal.Clear();
            vertical.Clear();
            verticalBorder.Clear();
            for (var dy = 0; dy < MacroblockSize; dy++)
            {
                var y = (r * MacroblockSize) + dy;
                var row = plane.Row(y)[..width];

                // Steps between neighbours in the row: step[x] = |p[x] - p[x-1]|, x >= 1.
                AddAbsoluteDifferences(row[1..], row[..^1], horizontal[1..], vectorize);
                if (y > 0)
                {
                    var above = plane.Row(y - 1)[..width];
                    AddAbsoluteDifferences(row, above, dy == 0 ? verticalBorder : vertical, vectorize);
                }
            }

            for (var c = 0; c < columns; c++)
            {
                var x0 = c * MacroblockSize;
                var border = c > 0 ? horizontal[x0] : 0;
                var interior = 0;
                for (var x = x0 + 1; x < x0 + MacroblockSize; x++)
                {
                    interior += horizontal[x];
                }

                for (var x = x0; x < x0 + MacroblockSize; x++)
                {
                    border += verticalBorder[x];
                    interior += vertical[x];
                }

                borderSteps[(r * columns) + c] = border;
                interiorSteps[(r * columns) + c] = interior;
            }
        }
    }

    /// <summary><c>sums[i] += |a[i] − b[i]|</c> in 16-bit lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddAbsoluteDifferences(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<ushort> sums, bool vectorize)
    {
        var n = a.Length;
        var i = 0;
        ref var pa = ref MemoryMarshal.GetReference(a);
        ref var pb = ref MemoryMarshal.GetReference(b);
        ref var ps = ref MemoryMarshal.GetReference(sums);
        if (vectorize && Vector256.IsHardwareAccelerated)
        {
            for (; i + Vector256<byte>.Count <= n; i += Vector256<byte>.Count)
            {
                var va = Vector256.LoadUnsafe(ref pa, (nuint)i);
                var vb = Vector256.LoadUnsafe(ref pb, (nuint)i);
                var (lo, hi) = Vector256.Widen(Vector256.Max(va, vb) - Vector256.Min(va, vb));
                ref var s = ref Unsafe.Add(ref ps, i);
                (Vector256.LoadUnsafe(ref s) + lo).StoreUnsafe(ref s);
                (Vector256.LoadUnsafe(ref s, (nuint)Vector256<ushort>.Count) + hi).StoreUnsafe(ref s, (nuint)Vector256<ushort>.Count);
            }
        }
        else if (vectorize && Vector128.IsHardwareAccelerated)
        {
            for (; i + Vector128<byte>.Count <= n; i += Vector128<byte>.Count)
            {
                var va = Vector128.LoadUnsafe(ref pa, (nuint)i);
                var vb = Vector128.LoadUnsafe(ref pb, (nuint)i);
                var (lo, hi) = Vector128.Widen(Vector128.Max(va, vb) - Vector128.Min(va, vb));
                ref var s = ref Unsafe.Add(ref ps, i);
                (Vector128.LoadUnsafe(ref s) + lo).StoreUnsafe(ref s);
                (Vector128.LoadUnsafe(ref s, (nuint)Vector128<ushort>.Count) + hi).StoreUnsafe(ref s, (nuint)Vector128<ushort>.Count);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref ps, i) += (ushort)Math.Abs(Unsafe.Add(ref pa, i) - Unsafe.Add(ref pb, i));
        }
    }
}
