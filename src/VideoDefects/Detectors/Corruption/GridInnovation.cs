using System.Runtime.CompilerServices;
using VideoDefects.Analysis;
using VideoDefects.Kernels;

namespace VideoDefects.Detectors.Corruption;

/// <summary>
/// Measures, for one frame, where what changed since the previous frame is cut along the 16×16 macroblock grid.
/// Natural motion changes a picture along object contours, which fall anywhere; a decoder concealing lost or damaged
/// macroblocks — and every frame predicted from them until the next keyframe — changes it in whole blocks, so the
/// frame difference has sharp steps exactly on the grid. Works on decoded pixels only, for any codec.
/// </summary>
internal sealed class GridInnovation(BlockCorruptionDetectorOptions options)
{
    private bool[] _flagged = [];
    private bool[] _changed = [];
    private int[] _stack = [];

    public int Columns { get; private set; }

    public int Rows { get; private set; }

    /// <summary>Per macroblock, whether its border stood out in the last difference picture (it changed as a whole);
    /// row-major.</summary>
    public ReadOnlySpan<bool> Changed => _changed;

    /// <summary>Macroblocks whose border stands out in the difference picture.</summary>
    public int Flagged { get; private set; }

    /// <summary>The largest 8-connected group of flagged macroblocks.</summary>
    public int LargestCluster { get; private set; }

    /// <summary>Bounding box of the largest group, in macroblocks (x0, y0, x1, y1 inclusive).</summary>
    public (int X0, int Y0, int X1, int Y1) ClusterBox { get; private set; }

    public void Start(int width, int height)
    {
        (Columns, Rows) = FrameMath.BlockGrid16(width, height);
        var n = Columns * Rows;
        _flagged = new bool[n];
        _changed = new bool[n];
        _stack = new int[n];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Measure(FrameFeatures features)
    {
        var edges = features.LumaDifferenceEdges;
        var borderSteps = edges.BorderSteps;
        var interiorSteps = edges.InteriorSteps;
        var flagged = 0;
        for (var r = 0; r < Rows; r++)
        {
            for (var c = 0; c < Columns; c++)
            {
                var i = (r * Columns) + c;
                var steps = (r > 0 ? 16 : 0) + (c > 0 ? 16 : 0);
                var border = steps == 0 ? 0 : (double)borderSteps[i] / steps;
                var interior = interiorSteps[i] / 480.0;
                var hit = border > options.MinBorderStep && border > options.BorderToInteriorRatio * interior;
                _flagged[i] = hit;
                _changed[i] = hit; // kept: the cluster search below clears _flagged
                flagged += hit ? 1 : 0;
            }
        }

        Flagged = flagged;
        FindLargestCluster();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void FindLargestCluster()
    {
        var largest = 0;
        var box = (0, 0, -1, -1);
        var stack = _stack;
        for (var start = 0; start < _flagged.Length; start++)
        {
            if (!_flagged[start])
            {
                continue;
            }

            var size = 0;
            var top = 0;
            var (x0, y0, x1, y1) = (int.MaxValue, int.MaxValue, -1, -1);
            stack[top++] = start;
            _flagged[start] = false;
            while (top > 0)
            {
                var k = stack[--top];
                size++;
                var r = k / Columns;
                var c = k % Columns;
                (x0, y0, x1, y1) = (Math.Min(x0, c), Math.Min(y0, r), Math.Max(x1, c), Math.Max(y1, r));
                for (var dr = -1; dr <= 1; dr++)
                {
                    for (var dc = -1; dc <= 1; dc++)
                    {
                        var rr = r + dr;
                        var cc = c + dc;
                        if (rr >= 0 && cc >= 0 && rr < Rows && cc < Columns && _flagged[(rr * Columns) + cc])
                        {
                            _flagged[(rr * Columns) + cc] = false;
                            stack[top++] = (rr * Columns) + cc;
                        }
                    }
                }
            }

            if (size > largest)
            {
                largest = size;
                box = (x0, y0, x1, y1);
            }
        }

        LargestCluster = largest;
        ClusterBox = box;
    }
}
