using VideoDefects.Reporting.Html;
using VideoDefects.Reporting.Images;
using VideoDefects.Reporting.Metrics;
using VideoDefects.Reports;

namespace VideoDefects.Cli;

/// <summary>Writes the HTML report, with thumbnails when the analysed input can be read again.</summary>
internal static class HtmlOutput
{
    public static async Task WriteAsync(string path, AnalysisReport report, string input, FrameMetricsRecorder? metrics, CancellationToken cancellationToken)
    {
        // Live inputs cannot be seeked: their report has the timeline and plots, without pictures.
        var seekable = File.Exists(input);
        var images = seekable
            ? await EventThumbnails.CreateAsync(input, report.Events, cancellationToken: cancellationToken).ConfigureAwait(false)
            : null;
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        await using var writer = new StreamWriter(path);
        HtmlReport.Write(report, writer, images, metrics?.Points, metrics?.Loudness);
    }
}
