using System.Globalization;
using System.Text;
using VideoDefects.Analysis;
using VideoDefects.Reports;

namespace VideoDefects.Cli;

/// <summary>The short human summary printed after an analysis.</summary>
internal static class Summary
{
    public static string Describe(AnalysisReport report, string? output)
    {
        var s = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        var v = report.Video;
        s.AppendLine(c, $"{report.Source}: {v.Width}x{v.Height} @ {v.FrameRate:0.###} fps, {v.Frames} frames, {report.DurationSeconds:0.00} s{(report.Partial ? " (partial)" : "")}");
        if (report.Performance is { } p)
        {
            s.AppendLine(c, $"  analysed in {p.WallSeconds:0.00} s ({p.FramesPerSecond:0} frames/s)");
        }

        if (report.AvSync is { } av)
        {
            var text = av.AudioDelayMs is { } ms
                ? string.Create(c, $"  A/V sync: audio {(ms >= 0 ? "late" : "early")} by {Math.Abs(ms):0} ms (confidence {av.Confidence:0.00}, {av.Method})")
                : string.Create(c, $"  A/V sync: no estimate (confidence {av.Confidence:0.00})");
            s.AppendLine(text);
        }

        if (report.Loudness is { } l)
        {
            static string F(double? value) => value is { } x ? x.ToString("0.0", CultureInfo.InvariantCulture) : "-";
            s.AppendLine(c, $"  loudness: integrated {F(l.IntegratedLufs)} LUFS, range {F(l.LoudnessRangeLu)} LU, true peak {F(l.MaxTruePeakDbtp)} dBTP (profile {l.Profile})");
        }

        s.AppendLine(c, $"  {report.Events.Count} event(s)");
        foreach (var e in report.Events)
        {
            var region = e.Region is { } r ? $" at {r.X},{r.Y} {r.Width}x{r.Height}" : "";
            var scope = e.Scope is { } sc ? $" ({sc})" : "";
            s.AppendLine(c, $"    {e.Kind.ContractName(),-16} {e.Start,8:0.000} – {e.End,8:0.000} s  confidence {e.Confidence:0.00}{region}{scope}");
        }

        if (output is not null && output != "-")
        {
            s.AppendLine(c, $"  report: {output}");
        }

        return s.ToString();
    }
}
