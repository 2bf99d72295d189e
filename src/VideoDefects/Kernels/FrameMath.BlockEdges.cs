using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
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
    /// <remarks>x86: whole blocks at once with <c>psadbw</c> — the vertical steps of a block row are a sum of absolute
    /// differences with the row above, the horizontal ones a sum of absolute differences with the same row shifted by
    /// one pixel, and the left-border step is picked out of the byte differences by a mask — accumulated over the 16
    /// rows in registers. Other hardware: per-column sums of steps (max − min, widened to 16 bits) folded per
    /// block.</remarks>
    public static void BlockEdgeSteps(Plane plane, Span<int> borderSteps, Span<int> interiorSteps) =>
        BlockEdgeSteps(plane, borderSteps, interiorSteps, 0, BlockGrid16(plane.Width, plane.Height).Rows);

    /// <summary>
    /// <see cref="BlockEdgeSteps(Plane, Span{int}, Span{int})"/> for block rows <paramref name="firstBlockRow"/> to
    /// <paramref name="firstBlockRow"/> + <paramref name="blockRowCount"/> − 1 only, written at the same places
    /// (<c>r * columns + c</c>); the other entries are left as they are. A block row reads its 16 pixel rows and the
    /// row above them, so a caller that produces a picture band by band can measure each band while it is in cache.
    /// </summary>
    public static void BlockEdgeSteps(Plane plane, Span<int> borderSteps, Span<int> interiorSteps, int firstBlockRow, int blockRowCount)
    {
        var (columns, rows) = CheckEdgeStepDestinations(plane, borderSteps, interiorSteps);
        ArgumentOutOfRangeException.ThrowIfNegative(firstBlockRow);
        ArgumentOutOfRangeException.ThrowIfNegative(blockRowCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstBlockRow + blockRowCount, rows, nameof(blockRowCount));
        if (columns == 0 || blockRowCount == 0)
        {
            return;
        }

        if (Sse2.IsSupported)
        {
            BlockEdgeStepsX86(plane, borderSteps, interiorSteps, firstBlockRow, firstBlockRow + blockRowCount);
        }
        else
        {
            BlockEdgeSteps(plane, borderSteps, interiorSteps, firstBlockRow, firstBlockRow + blockRowCount, vectorize: true);
        }
    }

    /// <summary>Scalar reference for <see cref="BlockEdgeSteps(Plane, Span{int}, Span{int})"/>.</summary>
    internal static void BlockEdgeStepsScalar(Plane plane, Span<int> borderSteps, Span<int> interiorSteps)
    {
        var (columns, rows) = CheckEdgeStepDestinations(plane, borderSteps, interiorSteps);
        if (columns > 0)
        {
            BlockEdgeSteps(plane, borderSteps, interiorSteps, 0, rows, vectorize: false);
        }
    }

    private static (int Columns, int Rows) CheckEdgeStepDestinations(Plane plane, Span<int> borderSteps, Span<int> interiorSteps)
    {
        var (columns, rows) = BlockGrid16(plane.Width, plane.Height);
        if (borderSteps.Length < columns * rows || interiorSteps.Length < columns * rows)
        {
            throw new ArgumentException($"Destinations need {columns * rows} blocks.");
        }

        return (columns, rows);
    }

    /// <summary>Block rows <paramref name="startRow"/> to <paramref name="endRow"/> − 1 (checked by the caller).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BlockEdgeSteps(Plane plane, Span<int> borderSteps, Span<int> interiorSteps, int startRow, int endRow, bool vectorize)
    {
        var columns = plane.Width / MacroblockSize;
        var width = columns * MacroblockSize;
        Span<ushort> horizontal = width <= 4096 ? stackalloc ushort[width] : new ushort[width];
        Span<ushort> vertical = width <= 4096 ? stackalloc ushort[width] : new ushort[width];
        Span<ushort> verticalBorder = width <= 4096 ? stackalloc ushort[width] : new ushort[width];
        for (var r = startRow; r < endRow; r++)
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

    /// <summary>Block rows <paramref name="startRow"/> to <paramref name="endRow"/> − 1 (checked by the caller).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BlockEdgeStepsX86(Plane plane, Span<int> borderSteps, Span<int> interiorSteps, int startRow, int endRow)
    {
        var columns = plane.Width / MacroblockSize;
        ref var data = ref MemoryMarshal.GetReference(plane.Data);
        var stride = (nint)plane.Stride;
        // Byte 0 of each 16-byte block: the step across the block's left border.
        var borderByte128 = Vector128.Create((byte)0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        var borderByte256 = Vector256.Create(borderByte128, borderByte128);
        for (var r = startRow; r < endRow; r++)
        {
            ref var blockRow = ref Unsafe.Add(ref data, r * MacroblockSize * stride);
            // The first block has no left neighbour to step from: scalar, like the reference.
            var (firstBorder, firstInterior) = BlockEdgeStepsOfFirstColumn(plane, r);
            borderSteps[r * columns] = firstBorder;
            interiorSteps[r * columns] = firstInterior;
            var c = 1;
            if (Avx2.IsSupported)
            {
                for (; c + 2 <= columns; c += 2)
                {
                    var (total, border, verticalBorder, vertical) = (Vector256<ulong>.Zero, Vector256<ulong>.Zero, Vector256<ulong>.Zero, Vector256<ulong>.Zero);
                    for (var dy = 0; dy < MacroblockSize; dy++)
                    {
                        ref var p = ref Unsafe.Add(ref blockRow, (dy * stride) + (c * MacroblockSize));
                        var here = Vector256.LoadUnsafe(ref p);
                        var left = Vector256.LoadUnsafe(ref Unsafe.Subtract(ref p, 1));
                        var steps = Vector256.Max(here, left) - Vector256.Min(here, left);
                        total += Avx2.SumAbsoluteDifferences(steps, Vector256<byte>.Zero).AsUInt64();
                        border += Avx2.SumAbsoluteDifferences(steps & borderByte256, Vector256<byte>.Zero).AsUInt64();
                        if (r > 0 || dy > 0)
                        {
                            var up = Avx2.SumAbsoluteDifferences(here, Vector256.LoadUnsafe(ref Unsafe.Subtract(ref p, stride))).AsUInt64();
                            if (dy == 0)
                            {
                                verticalBorder += up;
                            }
                            else
                            {
                                vertical += up;
                            }
                        }
                    }

                    for (var k = 0; k < 2; k++)
                    {
                        var lane = 2 * k;
                        var b = border[lane] + border[lane + 1] + verticalBorder[lane] + verticalBorder[lane + 1];
                        var i = total[lane] + total[lane + 1] - border[lane] - border[lane + 1] + vertical[lane] + vertical[lane + 1];
                        borderSteps[(r * columns) + c + k] = (int)b;
                        interiorSteps[(r * columns) + c + k] = (int)i;
                    }
                }
            }

            for (; c < columns; c++)
            {
                var (total, border, verticalBorder, vertical) = (Vector128<ulong>.Zero, Vector128<ulong>.Zero, Vector128<ulong>.Zero, Vector128<ulong>.Zero);
                for (var dy = 0; dy < MacroblockSize; dy++)
                {
                    ref var p = ref Unsafe.Add(ref blockRow, (dy * stride) + (c * MacroblockSize));
                    var here = Vector128.LoadUnsafe(ref p);
                    var left = Vector128.LoadUnsafe(ref Unsafe.Subtract(ref p, 1));
                    var steps = Vector128.Max(here, left) - Vector128.Min(here, left);
                    total += Sse2.SumAbsoluteDifferences(steps, Vector128<byte>.Zero).AsUInt64();
                    border += Sse2.SumAbsoluteDifferences(steps & borderByte128, Vector128<byte>.Zero).AsUInt64();
                    if (r > 0 || dy > 0)
                    {
                        var up = Sse2.SumAbsoluteDifferences(here, Vector128.LoadUnsafe(ref Unsafe.Subtract(ref p, stride))).AsUInt64();
                        if (dy == 0)
                        {
                            verticalBorder += up;
                        }
                        else
                        {
                            vertical += up;
                        }
                    }
                }

                borderSteps[(r * columns) + c] = (int)(border[0] + border[1] + verticalBorder[0] + verticalBorder[1]);
                interiorSteps[(r * columns) + c] = (int)(total[0] + total[1] - border[0] - border[1] + vertical[0] + vertical[1]);
            }
        }
    }

    /// <summary>Adds to each 16-pixel block <c>c</c> of <paramref name="row"/> its summed absolute steps to the row
    /// above it: <c>sums[c] += Σ |row[x] − above[x]|</c> over the block's 16 pixels, for the first
    /// <paramref name="sums"/>.Length blocks. It is the top-border term of
    /// <see cref="BlockEdgeSteps(Plane, Span{int}, Span{int})"/> for a band of rows measured apart from the rows above it:
    /// a band measured alone gets every term but this one.</summary>
    internal static void AddBlockRowSteps(ReadOnlySpan<byte> row, ReadOnlySpan<byte> above, Span<int> sums)
    {
        var width = sums.Length * MacroblockSize;
        ArgumentOutOfRangeException.ThrowIfLessThan(row.Length, width, nameof(row));
        ArgumentOutOfRangeException.ThrowIfLessThan(above.Length, width, nameof(above));
        if (!Sse2.IsSupported)
        {
            AddBlockRowStepsScalar(row, above, sums);
            return;
        }

        ref var r = ref MemoryMarshal.GetReference(row);
        ref var a = ref MemoryMarshal.GetReference(above);
        for (var c = 0; c < sums.Length; c++)
        {
            var offset = (nuint)(c * MacroblockSize);
            var sad = Sse2.SumAbsoluteDifferences(Vector128.LoadUnsafe(ref r, offset), Vector128.LoadUnsafe(ref a, offset)).AsUInt64();
            sums[c] += (int)(sad[0] + sad[1]);
        }
    }

    /// <summary>Scalar reference for <see cref="AddBlockRowSteps"/>.</summary>
    internal static void AddBlockRowStepsScalar(ReadOnlySpan<byte> row, ReadOnlySpan<byte> above, Span<int> sums)
    {
        for (var c = 0; c < sums.Length; c++)
        {
            for (var x = c * MacroblockSize; x < (c + 1) * MacroblockSize; x++)
            {
                sums[c] += Math.Abs(row[x] - above[x]);
            }
        }
    }

    /// <summary>The first block of block row <paramref name="r"/>, as the reference computes it (no left border).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (int Border, int Interior) BlockEdgeStepsOfFirstColumn(Plane plane, int r)
    {
        int border = 0, interior = 0;
        for (var dy = 0; dy < MacroblockSize; dy++)
        {
            var y = (r * MacroblockSize) + dy;
            var row = plane.Row(y);
            for (var x = 1; x < MacroblockSize; x++)
            {
                interior += Math.Abs(row[x] - row[x - 1]);
            }

            if (y > 0)
            {
                var above = plane.Row(y - 1);
                var sum = 0;
                for (var x = 0; x < MacroblockSize; x++)
                {
                    sum += Math.Abs(row[x] - above[x]);
                }

                if (dy == 0)
                {
                    border += sum;
                }
                else
                {
                    interior += sum;
                }
            }
        }

        return (border, interior);
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
