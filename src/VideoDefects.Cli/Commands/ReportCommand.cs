using System.CommandLine;
using System.Text.Json;
using VideoDefects.Reports;

namespace VideoDefects.Cli.Commands;

/// <summary><c>videodefects report REPORT.json --html FILE</c>: renders a saved report as HTML (with thumbnails when
/// the report's source file is still there).</summary>
internal sealed class ReportCommand : Command
{
    private readonly Argument<string> _report = new("REPORT.json") { Description = "A report written by 'analyze --output'." };
    private readonly Option<string> _html = new("--html") { HelpName = "FILE", Description = "The HTML file to write.", Required = true };
    private readonly Option<bool> _quiet = CliOptions.Quiet();

    public ReportCommand()
        : base("report", "Render a saved report as HTML.")
    {
        Add(_report);
        Add(_html);
        Add(_quiet);
        SetAction(RunAsync);
    }

    private async Task<int> RunAsync(ParseResult line, CancellationToken cancellationToken)
    {
        var html = line.GetRequiredValue(_html);
        var path = line.GetRequiredValue(_report);
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
        if (!line.GetValue(_quiet))
        {
            await line.InvocationConfiguration.Output.WriteLineAsync($"HTML report: {html}").ConfigureAwait(false);
        }

        return CliApp.Ok;
    }
}
