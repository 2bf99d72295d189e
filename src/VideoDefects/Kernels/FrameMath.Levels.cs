using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using VideoDefects.Frames;

namespace VideoDefects.Kernels;

public static partial class FrameMath
{
    /// <summary>How many samples of <paramref name="plane"/> are at most <paramref name="threshold"/>: the dark pixels
    /// of a luma plane, as FFmpeg's <c>blackdetect</c> counts them.</summary>
    /// <remarks>Unsigned byte compares, 64, 32 or 16 at a time; the mask's bits are counted with <c>popcnt</c>.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long CountAtMost(Plane plane, byte threshold)
    {
        long count = 0;
        for (var y = 0; y < plane.Height; y++)
        {
            count += CountAtMost(plane.Row(y), threshold);
        }

        return count;
    }

    /// <summary>Scalar reference for <see cref="CountAtMost(Plane, byte)"/>.</summary>
    internal static long CountAtMostScalar(Plane plane, byte threshold)
    {
        long count = 0;
        for (var y = 0; y < plane.Height; y++)
        {
            foreach (var p in plane.Row(y))
            {
                count += p <= threshold ? 1 : 0;
            }
        }

        return count;
    }

    private static int CountAtMost(ReadOnlySpan<byte> row, byte threshold)
    {
        ref var p = ref MemoryMarshal.GetReference(row);
        var count = 0;
        var i = 0;
        if (Vector512.IsHardwareAccelerated && row.Length >= Vector512<byte>.Count)
        {
            var t = Vector512.Create(threshold);
            for (; i <= row.Length - Vector512<byte>.Count; i += Vector512<byte>.Count)
            {
                count += System.Numerics.BitOperations.PopCount(Vector512.LessThanOrEqual(Vector512.LoadUnsafe(ref p, (nuint)i), t).ExtractMostSignificantBits());
            }
        }

        if (Vector256.IsHardwareAccelerated && row.Length - i >= Vector256<byte>.Count)
        {
            var t = Vector256.Create(threshold);
            for (; i <= row.Length - Vector256<byte>.Count; i += Vector256<byte>.Count)
            {
                count += System.Numerics.BitOperations.PopCount(Vector256.LessThanOrEqual(Vector256.LoadUnsafe(ref p, (nuint)i), t).ExtractMostSignificantBits());
            }
        }

        if (Vector128.IsHardwareAccelerated && row.Length - i >= Vector128<byte>.Count)
        {
            var t = Vector128.Create(threshold);
            for (; i <= row.Length - Vector128<byte>.Count; i += Vector128<byte>.Count)
            {
                count += System.Numerics.BitOperations.PopCount(Vector128.LessThanOrEqual(Vector128.LoadUnsafe(ref p, (nuint)i), t).ExtractMostSignificantBits());
            }
        }

        for (; i < row.Length; i++)
        {
            count += Unsafe.Add(ref p, i) <= threshold ? 1 : 0;
        }

        return count;
    }
}
