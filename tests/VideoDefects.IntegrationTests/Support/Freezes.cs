using System.Globalization;
using System.Text;

namespace VideoDefects.IntegrationTests.Support;

/// <summary>FFmpeg filter graphs that freeze a stream in given windows (each frame in a window repeats the frame
/// just before it), for test inputs with known freezes.</summary>
internal static class Freezes
{
    /// <summary>A <c>-filter_complex</c> from <c>[0:v]</c> to <c>[v]</c> (or from <paramref name="from"/> to
    /// <paramref name="to"/>, inside a larger graph).</summary>
    public static string Filter(IReadOnlyList<(double From, double To)> windows, int frameRate, string from = "0:v", string to = "v")
    {
        if (windows.Count == 0)
        {
            return $"[{from}]null[{to}]";
        }

        var graph = new StringBuilder();
        var input = from;
        for (var i = 0; i < windows.Count; i++)
        {
            var first = (int)Math.Round(windows[i].From * frameRate);
            var last = (int)Math.Round(windows[i].To * frameRate) - 1;
            var output = i == windows.Count - 1 ? to : $"f{i}";
            graph.Append(CultureInfo.InvariantCulture, $"[{input}]split[a{i}][b{i}];[a{i}][b{i}]freezeframes=first={first}:last={last}:replace={first - 1}[{output}];");
            input = output;
        }

        return graph.ToString().TrimEnd(';');
    }
}
