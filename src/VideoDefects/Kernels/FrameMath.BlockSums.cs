using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using VideoDefects.Frames;

namespace VideoDefects.Kernels;

public static partial class FrameMath
{
    /// <summary>The size of the 8×8 block grid of a plane (partial blocks at the right and bottom are left out).</summary>
    public static (int Columns, int Rows) BlockGrid8(int width, int height) => (width / 8, height / 8);

    /// <summary>
    /// Sums each 8×8 block of <paramref name="plane"/>: <c>dst[r * columns + c] = Σ plane[8r + y, 8c + x]</c> for
    /// x, y in 0..7 (each sum is at most 16 320, so it fits a <see cref="ushort"/>). A coarse, noise-averaging picture
    /// that several detectors share.
    /// </summary>
    /// <remarks>x86: <c>psadbw</c> against zero yields one 8-byte horizontal sum per 64-bit lane; eight rows are then
    /// added lane-wise (8, 4 or 2 blocks per load with AVX-512, AVX2, SSE2). Other hardware: scalar (the portable
    /// vector path had no clear gain).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void BlockSums8x8(Plane plane, Span<ushort> destination)
    {
        var (columns, rows) = BlockGrid8(plane.Width, plane.Height);
        if (destination.Length < columns * rows)
        {
            throw new ArgumentException($"Destination holds {destination.Length} sums; {columns * rows} are needed.", nameof(destination));
        }

        var c0 = 0;
        ref var src = ref MemoryMarshal.GetReference(plane.Data);
        ref var dst = ref MemoryMarshal.GetReference(destination);
        var stride = (nint)plane.Stride;
        if (Avx512BW.IsSupported && Vector512.IsHardwareAccelerated && columns >= 8)
        {
            // 64 bytes per load = 8 blocks; vpmovqw narrows the eight 64-bit lane sums into eight ushorts at once.
            var lastStart = columns - 8;
            for (var r = 0; r < rows; r++)
            {
                ref var rowStart = ref Unsafe.Add(ref src, r * 8 * stride);
                for (var c = 0; c <= lastStart; c += 8)
                {
                    var acc = Vector512<ushort>.Zero;
                    for (var y = 0; y < 8; y++)
                    {
                        var v = Vector512.LoadUnsafe(ref Unsafe.Add(ref rowStart, (y * stride) + (c * 8)));
                        acc += Avx512BW.SumAbsoluteDifferences(v, Vector512<byte>.Zero);
                    }

                    Avx512F.ConvertToVector128UInt16(acc.AsUInt64()).StoreUnsafe(ref Unsafe.Add(ref dst, (r * columns) + c));
                }
            }

            c0 = columns - (columns % 8);
        }
        else if (Avx2.IsSupported && columns >= 4)
        {
            // 32 bytes per load = 4 blocks; sums land in ushort lanes 0, 4, 8, 12 (one per 64-bit lane).
            var lastStart = columns - 4;
            for (var r = 0; r < rows; r++)
            {
                ref var rowStart = ref Unsafe.Add(ref src, r * 8 * stride);
                for (var c = 0; c <= lastStart; c += 4)
                {
                    var acc = Vector256<ushort>.Zero;
                    for (var y = 0; y < 8; y++)
                    {
                        var v = Vector256.LoadUnsafe(ref Unsafe.Add(ref rowStart, (y * stride) + (c * 8)));
                        acc += Avx2.SumAbsoluteDifferences(v, Vector256<byte>.Zero);
                    }

                    var lanes = acc.AsUInt64();
                    ref var d = ref Unsafe.Add(ref dst, (r * columns) + c);
                    d = (ushort)lanes.GetElement(0);
                    Unsafe.Add(ref d, 1) = (ushort)lanes.GetElement(1);
                    Unsafe.Add(ref d, 2) = (ushort)lanes.GetElement(2);
                    Unsafe.Add(ref d, 3) = (ushort)lanes.GetElement(3);
                }
            }

            c0 = columns - (columns % 4);
        }
        else if (Sse2.IsSupported && columns >= 2)
        {
            for (var r = 0; r < rows; r++)
            {
                ref var rowStart = ref Unsafe.Add(ref src, r * 8 * stride);
                for (var c = 0; c + 2 <= columns; c += 2)
                {
                    var acc = Vector128<ushort>.Zero;
                    for (var y = 0; y < 8; y++)
                    {
                        var v = Vector128.LoadUnsafe(ref Unsafe.Add(ref rowStart, (y * stride) + (c * 8)));
                        acc += Sse2.SumAbsoluteDifferences(v, Vector128<byte>.Zero);
                    }

                    var lanes = acc.AsUInt64();
                    Unsafe.Add(ref dst, (r * columns) + c) = (ushort)lanes.GetElement(0);
                    Unsafe.Add(ref dst, (r * columns) + c + 1) = (ushort)lanes.GetElement(1);
                }
            }

            c0 = columns - (columns % 2);
        }

        BlockSums8x8Columns(plane, destination, columns, rows, c0);
    }

    /// <summary>Scalar reference for <see cref="BlockSums8x8"/>.</summary>
    internal static void BlockSums8x8Scalar(Plane plane, Span<ushort> destination)
    {
        var (columns, rows) = BlockGrid8(plane.Width, plane.Height);
        if (destination.Length < columns * rows)
        {
            throw new ArgumentException($"Destination holds {destination.Length} sums; {columns * rows} are needed.", nameof(destination));
        }

        BlockSums8x8Columns(plane, destination, columns, rows, 0);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BlockSums8x8Columns(Plane plane, Span<ushort> destination, int columns, int rows, int firstColumn)
    {
        for (var r = 0; r < rows; r++)
        {
            for (var c = firstColumn; c < columns; c++)
            {
                var sum = 0;
                for (var y = 0; y < 8; y++)
                {
                    var row = plane.Data.Slice(((r * 8) + y) * plane.Stride + (c * 8), 8);
                    for (var x = 0; x < 8; x++)
                    {
                        sum += row[x];
                    }
                }

                destination[(r * columns) + c] = (ushort)sum;
            }
        }
    }
}
