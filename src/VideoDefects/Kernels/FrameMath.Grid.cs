using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace VideoDefects.Kernels;

public static partial class FrameMath
{
    /// <summary>
    /// Marks the cells of a grid of block figures (such as <see cref="BlockSums8x8"/>) that changed by at least
    /// <paramref name="threshold"/>: <c>map[i] = 0xFF</c> when <c>include[i] != 0</c> and
    /// <c>|a[i] − b[i]| ≥ threshold</c>, else 0, over the length of <paramref name="a"/>.
    /// </summary>
    /// <returns>The number of cells marked.</returns>
    /// <remarks>Vectorized with the portable <see cref="Vector128"/> API (x86 and Arm): |a − b| as max − min in 16-bit
    /// lanes, compared and narrowed to one byte per cell. One width only: a 1080p grid is 32 400 cells.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int MarkChanged(ReadOnlySpan<ushort> a, ReadOnlySpan<ushort> b, ReadOnlySpan<byte> include, int threshold, Span<byte> map)
    {
        var n = CheckMarkArguments(a, b, include, map);
        if (threshold > ushort.MaxValue)
        {
            map[..n].Clear();
            return 0;
        }

        var limit = (ushort)Math.Max(threshold, 0);
        ref var pa = ref MemoryMarshal.GetReference(a);
        ref var pb = ref MemoryMarshal.GetReference(b);
        ref var pi = ref MemoryMarshal.GetReference(include);
        ref var pm = ref MemoryMarshal.GetReference(map);
        var marked = 0;
        var i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            var t = Vector128.Create(limit);
            for (; i + Vector128<byte>.Count <= n; i += Vector128<byte>.Count)
            {
                var low = ChangedAtLeast(Vector128.LoadUnsafe(ref pa, (nuint)i), Vector128.LoadUnsafe(ref pb, (nuint)i), t);
                var high = ChangedAtLeast(Vector128.LoadUnsafe(ref pa, (nuint)(i + Vector128<ushort>.Count)), Vector128.LoadUnsafe(ref pb, (nuint)(i + Vector128<ushort>.Count)), t);
                var cells = Vector128.AndNot(Vector128.Narrow(low, high), Vector128.Equals(Vector128.LoadUnsafe(ref pi, (nuint)i), Vector128<byte>.Zero));
                cells.StoreUnsafe(ref pm, (nuint)i);
                marked += BitOperations.PopCount(cells.ExtractMostSignificantBits());
            }
        }

        for (; i < n; i++)
        {
            var hit = Unsafe.Add(ref pi, i) != 0 && Math.Abs(Unsafe.Add(ref pa, i) - Unsafe.Add(ref pb, i)) >= limit;
            Unsafe.Add(ref pm, i) = hit ? (byte)0xFF : (byte)0;
            marked += hit ? 1 : 0;
        }

        return marked;
    }

    /// <summary>Scalar reference for <see cref="MarkChanged"/>.</summary>
    internal static int MarkChangedScalar(ReadOnlySpan<ushort> a, ReadOnlySpan<ushort> b, ReadOnlySpan<byte> include, int threshold, Span<byte> map)
    {
        var n = CheckMarkArguments(a, b, include, map);
        var marked = 0;
        for (var i = 0; i < n; i++)
        {
            var hit = include[i] != 0 && Math.Abs(a[i] - b[i]) >= threshold;
            map[i] = hit ? (byte)0xFF : (byte)0;
            marked += hit ? 1 : 0;
        }

        return marked;
    }

    /// <summary>
    /// Counts the marked (nonzero) cells of a row-major <paramref name="columns"/> × <paramref name="rows"/> grid that
    /// have at least one marked 8-neighbour: how much of a change is spatially coherent (an object spans adjacent
    /// blocks) rather than isolated outliers.
    /// </summary>
    /// <remarks>Vectorized row by row: the OR of the rows above, at and below each cell, shifted one cell left and
    /// right, plus the cells straight above and below, is "has a marked neighbour"; ANDed with the row itself and
    /// counted with a population count of the lanes' top bits.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int CountClustered(ReadOnlySpan<byte> map, int columns, int rows)
    {
        CheckGridArguments(map, columns, rows);
        if (columns == 0 || rows == 0)
        {
            return 0;
        }

        // The vertical OR of each column, with an empty cell at either end so that both shifts stay in bounds.
        Span<byte> vertical = columns <= 4094 ? stackalloc byte[columns + 2] : new byte[columns + 2];
        vertical[0] = 0;
        vertical[columns + 1] = 0;
        var clustered = 0;
        for (var r = 0; r < rows; r++)
        {
            var above = r > 0 ? map.Slice((r - 1) * columns, columns) : default;
            var below = r + 1 < rows ? map.Slice((r + 1) * columns, columns) : default;
            clustered += CountClusteredRow(map.Slice(r * columns, columns), above, below, vertical);
        }

        return clustered;
    }

    /// <summary>Scalar reference for <see cref="CountClustered"/>.</summary>
    internal static int CountClusteredScalar(ReadOnlySpan<byte> map, int columns, int rows)
    {
        CheckGridArguments(map, columns, rows);
        var clustered = 0;
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                if (map[(r * columns) + c] == 0)
                {
                    continue;
                }

                var neighbour = false;
                for (var dr = -1; dr <= 1; dr++)
                {
                    for (var dc = -1; dc <= 1; dc++)
                    {
                        var (rr, cc) = (r + dr, c + dc);
                        neighbour |= (dr != 0 || dc != 0) && rr >= 0 && rr < rows && cc >= 0 && cc < columns && map[(rr * columns) + cc] != 0;
                    }
                }

                clustered += neighbour ? 1 : 0;
            }
        }

        return clustered;
    }

    /// <summary>One row of <see cref="CountClustered"/>; <paramref name="above"/> or <paramref name="below"/> is
    /// empty at the grid's edge; <paramref name="vertical"/> (columns + 2 cells, both ends empty) is scratch for the
    /// column ORs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int CountClusteredRow(ReadOnlySpan<byte> here, ReadOnlySpan<byte> above, ReadOnlySpan<byte> below, Span<byte> vertical)
    {
        var columns = here.Length;
        // An edge row has no row beyond it: OR-ing the row itself again changes nothing.
        ref var ph = ref MemoryMarshal.GetReference(here);
        ref var pa = ref MemoryMarshal.GetReference(above.IsEmpty ? here : above);
        ref var pb = ref MemoryMarshal.GetReference(below.IsEmpty ? here : below);
        ref var pv = ref MemoryMarshal.GetReference(vertical);
        var c = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            for (; c + Vector128<byte>.Count <= columns; c += Vector128<byte>.Count)
            {
                var or = Vector128.LoadUnsafe(ref ph, (nuint)c) | Vector128.LoadUnsafe(ref pa, (nuint)c) | Vector128.LoadUnsafe(ref pb, (nuint)c);
                or.StoreUnsafe(ref pv, (nuint)(c + 1));
            }
        }

        for (; c < columns; c++)
        {
            Unsafe.Add(ref pv, c + 1) = (byte)(Unsafe.Add(ref ph, c) | Unsafe.Add(ref pa, c) | Unsafe.Add(ref pb, c));
        }

        // Above and below the cell itself: only from real neighbour rows.
        ref var na = ref MemoryMarshal.GetReference(above.IsEmpty ? vertical[..0] : above);
        ref var nb = ref MemoryMarshal.GetReference(below.IsEmpty ? vertical[..0] : below);
        var (hasAbove, hasBelow) = (!above.IsEmpty, !below.IsEmpty);
        var count = 0;
        c = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            for (; c + Vector128<byte>.Count <= columns; c += Vector128<byte>.Count)
            {
                // vertical[c] and vertical[c + 2] are the column ORs one cell left and right.
                var neighbours = Vector128.LoadUnsafe(ref pv, (nuint)c) | Vector128.LoadUnsafe(ref pv, (nuint)(c + 2));
                if (hasAbove)
                {
                    neighbours |= Vector128.LoadUnsafe(ref na, (nuint)c);
                }

                if (hasBelow)
                {
                    neighbours |= Vector128.LoadUnsafe(ref nb, (nuint)c);
                }

                var marked = ~Vector128.Equals(Vector128.LoadUnsafe(ref ph, (nuint)c), Vector128<byte>.Zero);
                var clustered = Vector128.AndNot(marked, Vector128.Equals(neighbours, Vector128<byte>.Zero));
                count += BitOperations.PopCount(clustered.ExtractMostSignificantBits());
            }
        }

        for (; c < columns; c++)
        {
            var neighbours = Unsafe.Add(ref pv, c) | Unsafe.Add(ref pv, c + 2) | (hasAbove ? Unsafe.Add(ref na, c) : 0) | (hasBelow ? Unsafe.Add(ref nb, c) : 0);
            count += Unsafe.Add(ref ph, c) != 0 && neighbours != 0 ? 1 : 0;
        }

        return count;
    }

    private static Vector128<ushort> ChangedAtLeast(Vector128<ushort> a, Vector128<ushort> b, Vector128<ushort> threshold) =>
        Vector128.GreaterThanOrEqual(Vector128.Max(a, b) - Vector128.Min(a, b), threshold);

    private static int CheckMarkArguments(ReadOnlySpan<ushort> a, ReadOnlySpan<ushort> b, ReadOnlySpan<byte> include, Span<byte> map)
    {
        var n = a.Length;
        if (b.Length < n || include.Length < n || map.Length < n)
        {
            throw new ArgumentException($"b, include and map need {n} cells, as a has.");
        }

        return n;
    }

    private static void CheckGridArguments(ReadOnlySpan<byte> map, int columns, int rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        if (map.Length < (long)columns * rows)
        {
            throw new ArgumentException($"A {columns}x{rows} grid needs {(long)columns * rows} cells.", nameof(map));
        }
    }
}
