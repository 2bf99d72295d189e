using System.Globalization;
using System.Net;
using System.Text;
using VideoDefects.Analysis;
using VideoDefects.Reporting.Images;
using VideoDefects.Reporting.Metrics;
using VideoDefects.Reports;

namespace VideoDefects.Reporting.Html;

/// <summary>
/// Renders an <see cref="AnalysisReport"/> as one self-contained HTML page — no scripts, no external files: a summary,
/// a timeline of events per kind, a plot of the per-frame difference with the events shaded (inline SVG), and each
/// event with its pictures embedded as PNG data.
/// </summary>
public static class HtmlReport
{
    private const double PlotWidth = 1000;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private static readonly Dictionary<DefectKind, string> Colours = new()
    {
        [DefectKind.FrozenFrame] = "#2f6fdf",
        [DefectKind.BlockCorruption] = "#d83a3a",
        [DefectKind.AvSyncOffset] = "#9b40c4",
        [DefectKind.SignalLoss] = "#555555",
        [DefectKind.DecodeError] = "#e08a00",
        [DefectKind.Black] = "#111111",
        [DefectKind.Silence] = "#8a8a8a",
        [DefectKind.Loudness] = "#1d6f66",
        [DefectKind.Clipping] = "#c2185b",
    };

    /// <summary>Writes the page.</summary>
    /// <param name="report">The analysis.</param>
    /// <param name="writer">Where the HTML goes.</param>
    /// <param name="images">Pictures by event id (from <see cref="EventThumbnails"/>), if any.</param>
    /// <param name="metrics">Per-frame figures (from <see cref="FrameMetricsRecorder"/>), if recorded.</param>
    /// <param name="loudness">Loudness every 100 ms (from <see cref="FrameMetricsRecorder.Loudness"/>), if recorded.</param>
    public static void Write(AnalysisReport report, TextWriter writer, IReadOnlyDictionary<string, EventImages>? images = null, IReadOnlyList<FrameMetric>? metrics = null, IReadOnlyList<LoudnessPoint>? loudness = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(writer);
        var duration = Math.Max(report.DurationSeconds, 1e-3);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>VideoDefects — ").Append(E(report.Source)).Append("</title><style>")
            .Append("body{font:14px system-ui,sans-serif;margin:24px;color:#222}h1{font-size:20px}h2{font-size:16px;margin-top:28px}")
            .Append("table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:6px 10px;text-align:left;vertical-align:top}")
            .Append("td.p{white-space:nowrap}.k{display:inline-block;width:10px;height:10px;margin-right:6px}img{border:1px solid #ccc;margin-right:6px}")
            .Append("</style></head><body>");
        html.Append("<h1>").Append(E(report.Source)).Append("</h1><p>")
            .Append(Invariant, $"{report.Video.Width}×{report.Video.Height}, {report.Video.FrameRate:0.##} fps, {report.DurationSeconds:0.00} s, {report.Video.Frames} frames analysed")
            .Append(report.Partial ? " — <b>partial</b>" : string.Empty).Append("</p>");
        html.Append("<p id=\"summary\">");
        foreach (var group in report.Events.GroupBy(e => e.Kind))
        {
            html.Append(Invariant, $"<span class=\"k\" style=\"background:{Colour(group.Key)}\"></span>{Kind(group.Key)}: {group.Count()} &nbsp; ");
        }

        html.Append(report.Events.Count == 0 ? "No defects found." : string.Empty);
        if (report.AvSync is { } sync)
        {
            html.Append(Invariant, $"<br>A/V sync: {(sync.AudioDelayMs is { } ms ? $"audio {(ms >= 0 ? "late" : "early")} by {Math.Abs(ms):0} ms" : "no estimate")} (confidence {sync.Confidence:0.00}, {E(sync.Method ?? "none")})");
        }

        if (report.Loudness is { } l)
        {
            html.Append(Invariant, $"<br>Loudness: integrated {Lufs(l.IntegratedLufs)} LUFS, range {Lufs(l.LoudnessRangeLu)} LU, true peak {Lufs(l.MaxTruePeakDbtp)} dBTP (profile {E(l.Profile)})");
        }

        html.Append("</p><h2>Timeline</h2>");
        Timeline(html, report.Events, duration);
        if (metrics is { Count: > 1 })
        {
            html.Append("<h2>Frame difference (mean absolute luma change to the previous frame)</h2>");
            Plot(html, metrics, report.Events, duration);
        }

        if (loudness is { Count: > 1 })
        {
            html.Append("<h2>Loudness (LUFS): short-term (3 s) dark, momentary (400 ms) light</h2>");
            LoudnessPlot(html, loudness, report.Events, duration);
        }

        html.Append("<h2>Events</h2><table id=\"events\"><tr><th>Kind</th><th>Time</th><th>Frames</th><th>Confidence</th><th>Pictures</th><th>Metrics</th></tr>");
        foreach (var defect in report.Events)
        {
            html.Append(Invariant, $"<tr><td><span class=\"k\" style=\"background:{Colour(defect.Kind)}\"></span>{Kind(defect.Kind)}</td><td>{defect.Start:0.000}–{defect.End:0.000} s</td><td>{defect.FirstFrame}–{defect.LastFrame}</td><td>{defect.Confidence:0.00}</td><td class=\"p\">");
            if (images is not null && images.TryGetValue(defect.Id, out var pictures))
            {
                if (pictures.Before is { } before)
                {
                    html.Append("<img alt=\"before\" src=\"data:image/png;base64,").Append(Convert.ToBase64String(before)).Append("\">");
                }

                html.Append("<img alt=\"event\" src=\"data:image/png;base64,").Append(Convert.ToBase64String(pictures.After)).Append("\">");
            }

            html.Append("</td><td>");
            foreach (var (name, value) in defect.Metrics ?? new Dictionary<string, double>())
            {
                html.Append(Invariant, $"{E(name)} {value:0.###}<br>");
            }

            html.Append("</td></tr>");
        }

        html.Append("</table></body></html>");
        writer.Write(html.ToString());
    }

    private static void Timeline(StringBuilder html, IReadOnlyList<DefectEvent> events, double duration)
    {
        var kinds = events.Select(e => e.Kind).Distinct().Order().ToList();
        var height = 30 + (kinds.Count * 26);
        html.Append(Invariant, $"<svg id=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{PlotWidth + 140}\" height=\"{height}\">");
        for (var row = 0; row < kinds.Count; row++)
        {
            var y = 10 + (row * 26);
            html.Append(Invariant, $"<text x=\"0\" y=\"{y + 14}\">{Kind(kinds[row])}</text><rect x=\"130\" y=\"{y}\" width=\"{PlotWidth}\" height=\"18\" fill=\"#f2f2f2\"/>");
            foreach (var e in events.Where(e => e.Kind == kinds[row]))
            {
                var x = 130 + (e.Start / duration * PlotWidth);
                var w = Math.Max(2, (e.End - e.Start) / duration * PlotWidth);
                html.Append(Invariant, $"<rect x=\"{x:0.#}\" y=\"{y}\" width=\"{w:0.#}\" height=\"18\" fill=\"{Colour(e.Kind)}\"><title>{Kind(e.Kind)} {e.Start:0.00}–{e.End:0.00} s</title></rect>");
            }
        }

        var axis = 14 + (kinds.Count * 26);
        for (var i = 0; i <= 10; i++)
        {
            html.Append(Invariant, $"<text x=\"{130 + (i * PlotWidth / 10):0}\" y=\"{axis + 10}\" font-size=\"11\" text-anchor=\"middle\">{duration * i / 10:0.#}s</text>");
        }

        html.Append("</svg>");
    }

    private static void Plot(StringBuilder html, IReadOnlyList<FrameMetric> metrics, IReadOnlyList<DefectEvent> events, double duration)
    {
        const double height = 160;
        var max = Math.Max(1, metrics.Max(m => m.Mafd));
        html.Append(Invariant, $"<svg id=\"plot\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{PlotWidth + 140}\" height=\"{height + 20}\">");
        foreach (var e in events.Where(e => !IsAudio(e.Kind)))
        {
            html.Append(Invariant, $"<rect x=\"{130 + (e.Start / duration * PlotWidth):0.#}\" y=\"0\" width=\"{Math.Max(2, (e.End - e.Start) / duration * PlotWidth):0.#}\" height=\"{height}\" fill=\"{Colour(e.Kind)}\" opacity=\"0.18\"/>");
        }

        // At most one point per horizontal pixel: the largest change in each, so spikes stay visible.
        var points = new StringBuilder();
        foreach (var column in metrics.GroupBy(m => (int)(m.Time / duration * PlotWidth)))
        {
            var value = column.Max(m => m.Mafd);
            points.Append(Invariant, $"{130 + column.Key},{height - (value / max * (height - 4)):0.#} ");
        }

        html.Append(Invariant, $"<polyline fill=\"none\" stroke=\"#333\" stroke-width=\"1\" points=\"{points}\"/><text x=\"0\" y=\"12\" font-size=\"11\">max {max:0.#}</text><text x=\"0\" y=\"{height}\" font-size=\"11\">0</text></svg>");
    }

    /// <summary>Short-term and momentary loudness from −60 to 0 LUFS (quieter is drawn at the bottom), with the
    /// loudness events shaded.</summary>
    private static void LoudnessPlot(StringBuilder html, IReadOnlyList<LoudnessPoint> points, IReadOnlyList<DefectEvent> events, double duration)
    {
        const double height = 160, floor = -60;
        html.Append(Invariant, $"<svg id=\"loudness\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{PlotWidth + 140}\" height=\"{height + 20}\">");
        foreach (var e in events.Where(e => IsAudio(e.Kind)))
        {
            html.Append(Invariant, $"<rect x=\"{130 + (e.Start / duration * PlotWidth):0.#}\" y=\"0\" width=\"{Math.Max(2, (e.End - e.Start) / duration * PlotWidth):0.#}\" height=\"{height}\" fill=\"{Colour(e.Kind)}\" opacity=\"0.18\"/>");
        }

        string Line(Func<LoudnessPoint, double?> value)
        {
            var line = new StringBuilder();
            foreach (var column in points.Where(p => value(p) is not null).GroupBy(p => (int)(p.Time / duration * PlotWidth)))
            {
                var v = Math.Clamp(column.Max(p => value(p)!.Value), floor, 0);
                line.Append(Invariant, $"{130 + column.Key},{height * (v / floor):0.#} ");
            }

            return line.ToString();
        }

        html.Append(Invariant, $"<polyline fill=\"none\" stroke=\"#9ccfc8\" stroke-width=\"1\" points=\"{Line(p => p.MomentaryLufs)}\"/>")
            .Append(Invariant, $"<polyline fill=\"none\" stroke=\"#1d6f66\" stroke-width=\"1.5\" points=\"{Line(p => p.ShortTermLufs)}\"/>")
            .Append(Invariant, $"<text x=\"0\" y=\"12\" font-size=\"11\">0</text><text x=\"0\" y=\"{height * 23 / 60:0}\" font-size=\"11\">-23</text><text x=\"0\" y=\"{height}\" font-size=\"11\">{floor}</text>")
            .Append(Invariant, $"<line x1=\"130\" x2=\"{130 + PlotWidth}\" y1=\"{height * 23 / 60:0.#}\" y2=\"{height * 23 / 60:0.#}\" stroke=\"#bbb\" stroke-dasharray=\"4 3\"/></svg>");
    }

    /// <summary>Kinds found in the sound: shaded on the loudness plot, not on the picture's.</summary>
    private static bool IsAudio(DefectKind kind) => kind is DefectKind.Loudness or DefectKind.Silence or DefectKind.Clipping;

    private static string Lufs(double? value) => value is { } v ? v.ToString("0.0", Invariant) : "–";

    private static string Colour(DefectKind kind) => Colours.GetValueOrDefault(kind, "#888888");

    private static string Kind(DefectKind kind) => kind.ContractName();

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
