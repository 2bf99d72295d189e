using VideoDefects.Kernels;

namespace VideoDefects.Analysis;

/// <summary>The summed absolute steps across the left and top borders of each 16×16 block of a picture, and inside
/// it (<see cref="FrameMath.BlockEdgeSteps(Frames.Plane, Span{int}, Span{int})"/>), row-major over
/// <see cref="Columns"/> × <see cref="Rows"/>.</summary>
public readonly ref struct BlockEdgeProfile
{
    /// <summary>Wraps the two step arrays of a <paramref name="columns"/> × <paramref name="rows"/> block grid.</summary>
    public BlockEdgeProfile(ReadOnlySpan<int> borderSteps, ReadOnlySpan<int> interiorSteps, int columns, int rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        if (borderSteps.Length < columns * rows || interiorSteps.Length < columns * rows)
        {
            throw new ArgumentException($"A {columns}x{rows} block grid needs {columns * rows} steps per array.");
        }

        BorderSteps = borderSteps[..(columns * rows)];
        InteriorSteps = interiorSteps[..(columns * rows)];
        Columns = columns;
        Rows = rows;
    }

    /// <summary>Per block: the steps across its left and top borders (32; 16 for the first column or row, 0 for the
    /// first block).</summary>
    public ReadOnlySpan<int> BorderSteps { get; }

    /// <summary>Per block: the 480 steps between its own pixels.</summary>
    public ReadOnlySpan<int> InteriorSteps { get; }

    /// <summary>Blocks per row.</summary>
    public int Columns { get; }

    /// <summary>Block rows.</summary>
    public int Rows { get; }
}
