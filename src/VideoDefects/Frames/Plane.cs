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

    /// <summary>Rows <paramref name="firstRow"/> to <paramref name="firstRow"/> + <paramref name="rowCount"/> − 1 as a
    /// plane of their own (same width and stride, no copy).</summary>
    public Plane Rows(int firstRow, int rowCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstRow);
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstRow + rowCount, Height, nameof(rowCount));
        return rowCount == 0
            ? new Plane([], Width, 0, Stride)
            : new Plane(Data.Slice(firstRow * Stride, ((rowCount - 1) * Stride) + Width), Width, rowCount, Stride);
    }
}
