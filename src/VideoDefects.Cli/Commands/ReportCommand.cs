using System.Text.Json;
using VideoDefects.Reports;

namespace VideoDefects.Cli.Commands;

/// <summary><c>videodefects report REPORT.json --html FILE</c>: renders a saved report as HTML (with thumbnails when
/// the report's source file is still there).</summary>
internal static class ReportCommand
{
    public static async Task<int> RunAsync(CommandLine line, TextWriter stdout, CancellationToken cancellationToken)
    {
        if (line.Positional.Count != 1)
        {
            throw new UsageException("report takes exactly one REPORT.json.");
        }

        var html = line.Value("html") ?? throw new UsageException("report needs --html FILE.");
        var quiet = line.Flag("quiet");
        line.RejectUnknown();
        var path = line.Positional[0];
        AnalysisReport report;
        try
        {
            report = ReportJson.Deserialize(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{path}: cannot be read ({e.Message}).");
        }
        catch (JsonException e)
        {
            throw new UsageException($"{path}: not a VideoDefects report ({e.Message}).");
        }

        await HtmlOutput.WriteAsync(html, report, report.Source, null, cancellationToken).ConfigureAwait(false);
        if (!quiet)
        {
            await stdout.WriteLineAsync($"HTML report: {html}").ConfigureAwait(false);
        }

        return CliApp.Ok;
    }
}
