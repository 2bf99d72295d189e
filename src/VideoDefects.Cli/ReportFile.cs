using VideoDefects.Reports;

namespace VideoDefects.Cli;

/// <summary>Writes a report atomically: a reader never sees half a file.</summary>
internal static class ReportFile
{
    public static async Task WriteAsync(string path, AnalysisReport report, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        var temp = full + ".tmp";
        await using (var stream = File.Create(temp))
        {
            await ReportJson.SerializeAsync(stream, report, cancellationToken).ConfigureAwait(false);
        }

        File.Move(temp, full, overwrite: true);
    }
}
