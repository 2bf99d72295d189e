using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using VideoDefects.Frames;

namespace VideoDefects.Kernels;

/// <summary>SIMD kernels over 8-bit planes. Each has a scalar reference (<c>...Scalar</c>) that is its specification:
/// the tests compare every vector width with it on random sizes, strides and contents.</summary>
public static partial class FrameMath
{
    /// <summary>Sum of absolute differences: <c>Σ |a[i] − b[i]|</c> over the common length.</summary>
    /// <remarks>
    /// x86 uses <c>psadbw</c> (<see cref="Avx512BW"/>, <see cref="Avx2"/>, <see cref="Sse2"/>
    /// <c>SumAbsoluteDifferences</c>): one instruction turns 8 byte differences into one 16-bit sum per 64-bit lane,
    /// which we widen into 64-bit accumulators, so no overflow is possible. Other hardware takes the portable
    /// <see cref="Vector128"/> path (|a − b| as max − min, widened twice); the tail is scalar.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ulong Sad(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var length = Math.Min(a.Length, b.Length);
        ref var pa = ref MemoryMarshal.GetReference(a);
        ref var pb = ref MemoryMarshal.GetReference(b);
        nuint i = 0;
        var n = (nuint)length;
        ulong total = 0;

        if (Avx512BW.IsSupported && Vector512.IsHardwareAccelerated && n >= (nuint)Vector512<byte>.Count)
        {
            var acc = Vector512<ulong>.Zero;
            for (; i + (nuint)Vector512<byte>.Count <= n; i += (nuint)Vector512<byte>.Count)
            {
                // psadbw: 8 lanes of ushort sums (in 64-bit lanes), each <= 8 * 255.
                var s = Avx512BW.SumAbsoluteDifferences(Vector512.LoadUnsafe(ref pa, i), Vector512.LoadUnsafe(ref pb, i));
                acc += s.AsUInt64();
            }

            total += Vector512.Sum(acc);
        }
        else if (Avx2.IsSupported && n >= (nuint)Vector256<byte>.Count)
        {
            var acc = Vector256<ulong>.Zero;
            for (; i + (nuint)Vector256<byte>.Count <= n; i += (nuint)Vector256<byte>.Count)
            {
                var s = Avx2.SumAbsoluteDifferences(Vector256.LoadUnsafe(ref pa, i), Vector256.LoadUnsafe(ref pb, i));
                acc += s.AsUInt64();
            }

            total += Vector256.Sum(acc);
        }
        else if (Sse2.IsSupported && n >= (nuint)Vector128<byte>.Count)
        {
            var acc = Vector128<ulong>.Zero;
            for (; i + (nuint)Vector128<byte>.Count <= n; i += (nuint)Vector128<byte>.Count)
            {
                var s = Sse2.SumAbsoluteDifferences(Vector128.LoadUnsafe(ref pa, i), Vector128.LoadUnsafe(ref pb, i));
                acc += s.AsUInt64();
            }

            total += Vector128.Sum(acc);
        }
        else if (Vector128.IsHardwareAccelerated && n >= (nuint)Vector128<byte>.Count)
        {
            var acc = Vector128<ulong>.Zero;
            for (; i + (nuint)Vector128<byte>.Count <= n; i += (nuint)Vector128<byte>.Count)
            {
                acc += SumOfAbsoluteDifferences(Vector128.LoadUnsafe(ref pa, i), Vector128.LoadUnsafe(ref pb, i));
            }

            total += Vector128.Sum(acc);
        }

        for (; i < n; i++)
        {
            total += (ulong)Math.Abs(Unsafe.Add(ref pa, i) - Unsafe.Add(ref pb, i));
        }

        return total;
    }

    /// <summary>Scalar reference for <see cref="Sad(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>.</summary>
    internal static ulong SadScalar(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var length = Math.Min(a.Length, b.Length);
        ulong total = 0;
        for (var i = 0; i < length; i++)
        {
            total += (ulong)Math.Abs(a[i] - b[i]);
        }

        return total;
    }

    /// <summary>Sum of absolute differences of two planes of the same size, row by row (strides may differ).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ulong Sad(Plane a, Plane b)
    {
        if (a.Width != b.Width || a.Height != b.Height)
        {
            throw new ArgumentException($"Planes differ in size: {a.Width}x{a.Height} and {b.Width}x{b.Height}.");
        }

        if (a.Stride == a.Width && b.Stride == b.Width)
        {
            var bytes = a.Width * a.Height;
            return Sad(a.Data[..bytes], b.Data[..bytes]);
        }

        ulong total = 0;
        for (var y = 0; y < a.Height; y++)
        {
            total += Sad(a.Row(y), b.Row(y));
        }

        return total;
    }

    /// <summary>Σ |a − b| of 16 bytes in two 64-bit lanes, portably (|a − b| as max − min, widened twice).</summary>
    private static Vector128<ulong> SumOfAbsoluteDifferences(Vector128<byte> a, Vector128<byte> b)
    {
        var d = Vector128.Max(a, b) - Vector128.Min(a, b);
        var (lo, hi) = Vector128.Widen(d);
        var (l0, l1) = Vector128.Widen(lo + hi); // <= 510 per ushort lane, <= 1020 per uint lane
        var (w0, w1) = Vector128.Widen(l0 + l1);
        return w0 + w1;
    }
}
