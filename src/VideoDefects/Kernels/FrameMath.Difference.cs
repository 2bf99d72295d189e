using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void HalfDifferenceRow(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> d)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + Vector256<byte>.Count <= a.Length; i += Vector256<byte>.Count)
            {
                var va = Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(a), (nuint)i);
                var vb = Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(b), (nuint)i);
                var (alo, ahi) = Vector256.Widen(va);
                var (blo, bhi) = Vector256.Widen(vb);
                var lo = ((alo.AsInt16() - blo.AsInt16()) >> 1) + Vector256.Create((short)128);
                var hi = ((ahi.AsInt16() - bhi.AsInt16()) >> 1) + Vector256.Create((short)128);
                Vector256.Narrow(lo.AsUInt16(), hi.AsUInt16()).StoreUnsafe(ref MemoryMarshal.GetReference(d), (nuint)i);
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            for (; i + Vector128<byte>.Count <= a.Length; i += Vector128<byte>.Count)
            {
                var va = Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(a), (nuint)i);
                var vb = Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(b), (nuint)i);
                var (alo, ahi) = Vector128.Widen(va);
                var (blo, bhi) = Vector128.Widen(vb);
                var lo = ((alo.AsInt16() - blo.AsInt16()) >> 1) + Vector128.Create((short)128);
                var hi = ((ahi.AsInt16() - bhi.AsInt16()) >> 1) + Vector128.Create((short)128);
                Vector128.Narrow(lo.AsUInt16(), hi.AsUInt16()).StoreUnsafe(ref MemoryMarshal.GetReference(d), (nuint)i);
            }
        }

        for (; i < a.Length; i++)
        {
            d[i] = (byte)(((a[i] - b[i]) >> 1) + 128);
        }
    }
}
