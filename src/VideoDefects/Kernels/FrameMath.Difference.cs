using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using VideoDefects.Frames;

namespace VideoDefects.Kernels;

public static partial class FrameMath
{
    /// <summary>The temporal innovation as a picture: <c>dst = ((a − b) &gt;&gt; 1) + 128</c> per pixel (an
    /// arithmetic shift, so −255..255 maps onto 0..255 exactly). Edges in it are edges of what changed.</summary>
    /// <remarks>Vector path: widen to 16-bit lanes, subtract, arithmetic shift, re-bias and narrow (the result is
    /// always in 0..255, so the truncating narrow is exact).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void HalfDifference(Plane a, Plane b, Span<byte> destination)
    {
        if (a.Width != b.Width || a.Height != b.Height)
        {
            throw new ArgumentException("Planes differ in size.");
        }

        if (destination.Length < a.Width * a.Height)
        {
            throw new ArgumentException("Destination is too small.", nameof(destination));
        }

        for (var y = 0; y < a.Height; y++)
        {
            HalfDifferenceRow(a.Row(y), b.Row(y), destination.Slice(y * a.Width, a.Width));
        }
    }

    /// <summary>Scalar reference for <see cref="HalfDifference"/>.</summary>
    public static void HalfDifferenceScalar(Plane a, Plane b, Span<byte> destination)
    {
        for (var y = 0; y < a.Height; y++)
        {
            var ra = a.Row(y);
            var rb = b.Row(y);
            var rd = destination.Slice(y * a.Width, a.Width);
            for (var x = 0; x < ra.Length; x++)
            {
                rd[x] = (byte)(((ra[x] - rb[x]) >> 1) + 128);
            }
        }
    }

    /// <remarks>x86 and Arm compute it as a rounding average of <c>a</c> and <c>~b</c>:
    /// <c>(a + (255 − b) + 1) &gt;&gt; 1 = ((a − b) &gt;&gt; 1) + 128</c> exactly, one <c>pavgb</c> / <c>urhadd</c> per
    /// vector instead of widening to 16 bits; other hardware widens.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void HalfDifferenceRow(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> d)
    {
        ref var pa = ref MemoryMarshal.GetReference(a);
        ref var pb = ref MemoryMarshal.GetReference(b);
        ref var pd = ref MemoryMarshal.GetReference(d);
        var n = (nuint)a.Length;
        nuint i = 0;
        if (Avx512BW.IsSupported && Vector512.IsHardwareAccelerated)
        {
            for (; i + (nuint)Vector512<byte>.Count <= n; i += (nuint)Vector512<byte>.Count)
            {
                Avx512BW.Average(Vector512.LoadUnsafe(ref pa, i), ~Vector512.LoadUnsafe(ref pb, i)).StoreUnsafe(ref pd, i);
            }
        }

        if (Avx2.IsSupported)
        {
            for (; i + (nuint)Vector256<byte>.Count <= n; i += (nuint)Vector256<byte>.Count)
            {
                Avx2.Average(Vector256.LoadUnsafe(ref pa, i), ~Vector256.LoadUnsafe(ref pb, i)).StoreUnsafe(ref pd, i);
            }
        }

        if (Sse2.IsSupported)
        {
            for (; i + (nuint)Vector128<byte>.Count <= n; i += (nuint)Vector128<byte>.Count)
            {
                Sse2.Average(Vector128.LoadUnsafe(ref pa, i), ~Vector128.LoadUnsafe(ref pb, i)).StoreUnsafe(ref pd, i);
            }
        }
        else if (AdvSimd.IsSupported)
        {
            for (; i + (nuint)Vector128<byte>.Count <= n; i += (nuint)Vector128<byte>.Count)
            {
                AdvSimd.FusedAddRoundedHalving(Vector128.LoadUnsafe(ref pa, i), ~Vector128.LoadUnsafe(ref pb, i)).StoreUnsafe(ref pd, i);
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            for (; i + (nuint)Vector128<byte>.Count <= n; i += (nuint)Vector128<byte>.Count)
            {
                var (alo, ahi) = Vector128.Widen(Vector128.LoadUnsafe(ref pa, i));
                var (blo, bhi) = Vector128.Widen(Vector128.LoadUnsafe(ref pb, i));
                var lo = ((alo.AsInt16() - blo.AsInt16()) >> 1) + Vector128.Create((short)128);
                var hi = ((ahi.AsInt16() - bhi.AsInt16()) >> 1) + Vector128.Create((short)128);
                Vector128.Narrow(lo.AsUInt16(), hi.AsUInt16()).StoreUnsafe(ref pd, i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref pd, i) = (byte)(((Unsafe.Add(ref pa, i) - Unsafe.Add(ref pb, i)) >> 1) + 128);
        }
    }
}
