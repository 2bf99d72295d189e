namespace VideoDefects.Frames;

/// <summary>A read-only view of one image plane: <see cref="Height"/> rows of <see cref="Width"/> bytes,
/// each row starting <see cref="Stride"/> bytes after the previous one.</summary>
public readonly ref struct Plane
{
    /// <summary>Creates a view; <paramref name="data"/> must hold <c>(height - 1) * stride + width</c> bytes at least.</summary>
    public Plane(ReadOnlySpan<byte> data, int width, int height, int stride)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, width);
        if (height > 0 && data.Length < ((long)(height - 1) * stride) + width)
        {
            throw new ArgumentException($"A {width}x{height} plane with stride {stride} needs more than {data.Length} bytes.", nameof(data));
        }

        Data = data;
        Width = width;
        Height = height;
        Stride = stride;
    }

    /// <summary>The bytes, row after row, <see cref="Stride"/> apart.</summary>
    public ReadOnlySpan<byte> Data { get; }

    /// <summary>Pixels per row.</summary>
    public int Width { get; }

    /// <summary>Rows.</summary>
    public int Height { get; }

    /// <summary>Bytes from the start of one row to the start of the next.</summary>
    public int Stride { get; }

    /// <summary>The <paramref name="y"/>-th row, <see cref="Width"/> bytes long.</summary>
    public ReadOnlySpan<byte> Row(int y) => Data.Slice(y * Stride, Width);
}
