using FsCheck;
using FsCheck.Xunit;
using VideoDefects.Frames;
using VideoDefects.Kernels;
using VideoDefects.Tests.Support;

namespace VideoDefects.Tests.Kernels;

/// <summary>Every SIMD path equals its scalar reference. CI runs these again with AVX-512, AVX2 and all hardware
/// intrinsics disabled, so each vector width is checked on one machine.</summary>
public class FrameMathTests
{
    [Property(MaxTest = 300)]
    public bool Sad_equals_scalar_for_any_contents_and_length(byte[] a, byte[] b) =>
        FrameMath.Sad(a, b) == FrameMath.SadScalar(a, b);

    [Fact]
    public void Sad_equals_scalar_at_every_length_up_to_300_with_extreme_values()
    {
        var random = new Random(7);
        for (var length = 0; length <= 300; length++)
        {
            var a = new byte[length];
            var b = new byte[length];
            random.NextBytes(a);
            for (var i = 0; i < length; i++)
            {
                b[i] = (byte)(i % 3 == 0 ? 255 - a[i] : random.Next(256));
            }

            Assert.Equal(FrameMath.SadScalar(a, b), FrameMath.Sad(a, b));
        }
    }

    [Fact]
    public void Sad_of_a_large_plane_does_not_overflow()
    {
        var a = new byte[8192 * 4320];
        var b = new byte[a.Length];
        Array.Fill(b, (byte)255);
        Assert.Equal(255UL * (ulong)a.Length, FrameMath.Sad(a, b));
    }

    [Property(MaxTest = 200, Arbitrary = [typeof(TestPlanePairs)])]
    public bool Plane_sad_with_strides_equals_scalar_over_rows(TestPlanePair pair)
    {
        var a = pair.A.Plane;
        var b = pair.B.Plane;
        ulong expected = 0;
        for (var y = 0; y < a.Height; y++)
        {
            expected += FrameMath.SadScalar(a.Row(y), b.Row(y));
        }

        return FrameMath.Sad(a, b) == expected;
    }

    [Property(MaxTest = 200, Arbitrary = [typeof(TestPlanes)])]
    public bool BlockSums8x8_equals_scalar_for_any_size_stride_and_contents(TestPlane test)
    {
        // TestContents.Level gives the largest sums: 64 * 255 = 16320.
        var plane = test.Plane;
        var (columns, rows) = FrameMath.BlockGrid8(plane.Width, plane.Height);
        var simd = new ushort[columns * rows];
        var scalar = new ushort[columns * rows];
        FrameMath.BlockSums8x8(plane, simd);
        FrameMath.BlockSums8x8Scalar(plane, scalar);
        return simd.AsSpan().SequenceEqual(scalar);
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(TestPlanes)])]
    public bool CountAtMost_equals_scalar_for_any_size_stride_contents_and_threshold(TestPlane test, byte threshold) =>
        FrameMath.CountAtMost(test.Plane, threshold) == FrameMath.CountAtMostScalar(test.Plane, threshold);

    [Fact]
    public void CountAtMost_counts_the_threshold_itself_and_ignores_the_padding()
    {
        // 3 rows of 70 (two vector widths and a tail), stride 80 with padding of zeros that must not count.
        var data = new byte[80 * 3];
        for (var y = 0; y < 3; y++)
        {
            for (var x = 0; x < 70; x++)
            {
                data[(y * 80) + x] = (byte)(x % 3 == 0 ? 37 : x % 3 == 1 ? 38 : 255);
            }
        }

        var plane = new Plane(data, 70, 3, 80);
        Assert.Equal(3 * 24, FrameMath.CountAtMost(plane, 37));
        Assert.Equal(3 * 47, FrameMath.CountAtMost(plane, 38));
        Assert.Equal(210, FrameMath.CountAtMost(plane, 255));
    }

    [Fact]
    public void BlockSums8x8_scalar_matches_the_definition()
    {
        var data = new byte[16 * 8];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (byte)(i % 16 < 8 ? 1 : 3);
        }

        var sums = new ushort[2];
        FrameMath.BlockSums8x8Scalar(new Plane(data, 16, 8, 16), sums);
        Assert.Equal(new ushort[] { 64, 192 }, sums);
    }
}

public class BlockEdgeAndDifferenceKernelTests
{
    /// <summary>Block rows 0 to <paramref name="rows"/> − 1 cut into bands of 1–3 rows, in a random order.</summary>
    private static List<(int First, int Count)> RandomBands(int rows, Random random)
    {
        var bands = new List<(int First, int Count)>();
        for (var r = 0; r < rows;)
        {
            var count = Math.Min(rows - r, random.Next(1, 4));
            bands.Add((r, count));
            r += count;
        }

        return bands.OrderBy(_ => random.Next()).ToList();
    }

    [Property(MaxTest = 150, Arbitrary = [typeof(TestPlanes)])]
    public bool BlockEdgeSteps_equals_scalar_whole_or_band_by_band_for_any_size_stride_and_contents(TestPlane test, int bandOrder)
    {
        // TestContents.Stripes gives the largest per-column sums (16 × 255).
        var plane = test.Plane;
        var random = new Random(bandOrder);
        var (columns, rows) = FrameMath.BlockGrid16(plane.Width, plane.Height);
        int[] b1 = new int[columns * rows], i1 = new int[columns * rows], b2 = new int[columns * rows], i2 = new int[columns * rows];
        int[] b3 = new int[columns * rows], i3 = new int[columns * rows];
        FrameMath.BlockEdgeSteps(plane, b1, i1);
        FrameMath.BlockEdgeStepsScalar(plane, b2, i2);

        // Random bands, in a random order: each block row depends only on its own rows and the one above.
        foreach (var (first, count) in RandomBands(rows, random))
        {
            FrameMath.BlockEdgeSteps(plane, b3, i3, first, count);
        }

        return b1.AsSpan().SequenceEqual(b2) && i1.AsSpan().SequenceEqual(i2) && b3.AsSpan().SequenceEqual(b2) && i3.AsSpan().SequenceEqual(i2);
    }

    [Property(MaxTest = 150, Arbitrary = [typeof(TestPlanes)])]
    public bool MacroblockSeams_equals_scalar_whole_or_band_by_band_for_any_size_stride_and_contents(TestPlane test, int bandOrder)
    {
        // TestContents.FlatBlocks gives the strongest seams, and steps of 0 beside them.
        var plane = test.Plane;
        var random = new Random(bandOrder);
        var (columns, rows) = FrameMath.BlockGrid16(plane.Width, plane.Height);
        int[] fast = new int[columns * rows], reference = new int[columns * rows], banded = new int[columns * rows];
        FrameMath.MacroblockSeams(plane, fast);
        FrameMath.MacroblockSeamsScalar(plane, reference);

        // Band by band, in a random order (as the difference pass measures them): each block row reads only its own
        // rows and the two above.
        foreach (var (first, count) in RandomBands(rows, random))
        {
            FrameMath.MacroblockSeams(plane, banded, first, count);
        }

        return fast.AsSpan().SequenceEqual(reference) && banded.AsSpan().SequenceEqual(reference);
    }

    [Fact]
    public void MacroblockSeams_mark_a_misplaced_block_and_not_a_smooth_picture()
    {
        var (w, h) = (96, 64);
        var data = new byte[w * h];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                data[(y * w) + x] = (byte)(40 + x + y); // a smooth ramp: steps of 1 everywhere
            }
        }

        var seams = new int[(w / 16) * (h / 16)];
        FrameMath.MacroblockSeams(new Plane(data, w, h, w), seams);
        Assert.All(seams, s => Assert.True(s <= 0, $"seam {s} in a smooth ramp"));

        // Block (2, 1) shows a wrong, flat level: steps of ~30 on its borders, none beside them.
        for (var y = 16; y < 32; y++)
        {
            for (var x = 32; x < 48; x++)
            {
                data[(y * w) + x] = 120;
            }
        }

        FrameMath.MacroblockSeams(new Plane(data, w, h, w), seams);
        Assert.True(seams[(1 * (w / 16)) + 2] > 512, $"the misplaced block's seam is {seams[(1 * (w / 16)) + 2]}");
    }

    [Property]
    public bool AddBlockRowSteps_equals_scalar_for_any_width_and_contents(byte[] row, byte[] above, int[] start, bool saturate)
    {
        // As many blocks as the sums and both rows allow; the rows may run on past the last block.
        var length = Math.Min(row.Length, above.Length);
        var count = Math.Min(start.Length, length / FrameMath.MacroblockSize);
        if (saturate)
        {
            row = Enumerable.Repeat((byte)255, length).ToArray(); // the largest step, 16 × 255 per block
        }

        var sums = start.Take(count).Select(v => v & ((1 << 20) - 1)).ToArray();
        var fast = sums.ToArray();
        FrameMath.AddBlockRowSteps(row.AsSpan(0, length), above.AsSpan(0, length), fast);
        FrameMath.AddBlockRowStepsScalar(row.AsSpan(0, length), above.AsSpan(0, length), sums);
        return fast.AsSpan().SequenceEqual(sums);
    }

    [Fact]
    public void BlockEdgeSteps_refuses_block_rows_outside_the_plane()
    {
        var data = new byte[32 * 32];
        var steps = new int[4];
        Assert.Throws<ArgumentOutOfRangeException>(() => FrameMath.BlockEdgeSteps(new Plane(data, 32, 32, 32), steps, steps, 1, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => FrameMath.BlockEdgeSteps(new Plane(data, 32, 32, 32), steps, steps, -1, 1));
    }

    [Fact]
    public void BlockEdgeSteps_sees_a_step_on_the_grid_as_border_and_inside_as_interior()
    {
        var data = new byte[32 * 32];
        for (var y = 0; y < 32; y++)
        {
            for (var x = 0; x < 32; x++)
            {
                data[(y * 32) + x] = (byte)(x < 16 ? 10 : 200); // a vertical edge exactly at x = 16
            }
        }

        int[] border = new int[4], interior = new int[4];
        FrameMath.BlockEdgeStepsScalar(new Plane(data, 32, 32, 32), border, interior);
        Assert.Equal(16 * 190, border[1]); // block (0,1): its left border is the edge
        Assert.Equal(0, interior[1]);
        Assert.Equal(0, border[0] + interior[0]);
    }

    [Property(MaxTest = 150, Arbitrary = [typeof(TestPlanePairs)])]
    public bool HalfDifference_and_its_sum_of_absolute_differences_equal_scalar(TestPlanePair pair)
    {
        var a = pair.A.Plane;
        var b = pair.B.Plane;
        var d1 = new byte[a.Width * a.Height];
        var d2 = new byte[a.Width * a.Height];
        var sad1 = FrameMath.HalfDifference(a, b, d1);
        var sad2 = FrameMath.HalfDifferenceScalar(a, b, d2);
        return d1.AsSpan().SequenceEqual(d2) && sad1 == sad2 && sad1 == FrameMath.Sad(a, b);
    }
}

public class GridKernelTests
{
    [Property(MaxTest = 200)]
    public bool MarkChanged_equals_scalar_for_any_length_contents_and_threshold(ushort[] a, ushort[] b, byte[] include, int threshold, bool extremes)
    {
        var n = Math.Min(a.Length, Math.Min(b.Length, include.Length));
        if (extremes)
        {
            // 0 and 65535 only: the 16-bit difference must not wrap.
            a = [.. a.Select(v => (ushort)((v & 1) * ushort.MaxValue))];
            b = [.. b.Select(v => (ushort)((v & 1) * ushort.MaxValue))];
        }

        var m1 = new byte[n];
        var m2 = new byte[n];
        var c1 = FrameMath.MarkChanged(a.AsSpan(0, n), b.AsSpan(0, n), include.AsSpan(0, n), threshold, m1);
        var c2 = FrameMath.MarkChangedScalar(a.AsSpan(0, n), b.AsSpan(0, n), include.AsSpan(0, n), threshold, m2);
        return c1 == c2 && m1.AsSpan().SequenceEqual(m2);
    }

    [Property(MaxTest = 200)]
    public bool CountClustered_equals_scalar_for_any_grid_and_density(PositiveInt columns, byte[] cells)
    {
        var w = (columns.Get % 90) + 1;
        var h = cells.Length / w;
        var map = cells.AsSpan(0, w * h);
        return FrameMath.CountClustered(map, w, h) == FrameMath.CountClusteredScalar(map, w, h);
    }

    [Fact]
    public void CountClustered_counts_a_pair_and_not_a_lone_cell_nor_cells_across_the_row_wrap()
    {
        // 5 columns: (0,1) and (1,0) touch diagonally; (0,4) is alone, though (1,0) follows it in memory.
        byte[] map =
        [
            0, 1, 0, 0, 1,
            1, 0, 0, 0, 0,
            0, 0, 0, 0, 0,
        ];
        Assert.Equal(2, FrameMath.CountClusteredScalar(map, 5, 3));
        Assert.Equal(2, FrameMath.CountClustered(map, 5, 3));
    }
}
