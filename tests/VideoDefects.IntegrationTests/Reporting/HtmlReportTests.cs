using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using VideoDefects.IntegrationTests.Support;
using Xunit.Abstractions;

namespace VideoDefects.IntegrationTests.Reporting;

/// <summary>The HTML report of a corrupted clip, rendered by a real browser (Debian's headless Chromium).</summary>
[Collection(MediaTests.Name)]
public sealed class HtmlReportTests(MediaFixture media, ITestOutputHelper output)
{
    private static string Cli => Path.Combine(AppContext.BaseDirectory, "VideoDefects.Cli.dll");

    [Fact]
    public async Task The_html_report_of_a_corrupted_clip_shows_the_timeline_and_thumbnails_in_chromium()
    {
        var folder = Path.Combine(Paths.RepoRoot, "artifacts", "report");
        Directory.CreateDirectory(folder);
        var html = Path.Combine(folder, "corrupted.html");
        var json = Path.Combine(folder, "corrupted.json");

        var (code, _, err) = await Tool.RunAsync("dotnet", [Cli, "analyze", media.Corrupted, "--output", json, "--html", html, "-q"]);

        Assert.True(code == 0, err);
        var page = await File.ReadAllTextAsync(html);
        Assert.Contains("<svg id=\"timeline\"", page, StringComparison.Ordinal);
        Assert.Contains("<svg id=\"plot\"", page, StringComparison.Ordinal);
        Assert.True(page.Split("data:image/png;base64,").Length - 1 >= 2, "a before/after pair is embedded");
        Assert.DoesNotContain("src=\"http", page, StringComparison.Ordinal); // self-contained

        var screenshot = Path.Combine(folder, "corrupted.png");
        File.Delete(screenshot);
        var (browser, stdout, stderr) = await Tool.RunAsync("chromium", ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1280,1000", $"--screenshot={screenshot}", new Uri(html).AbsoluteUri], TimeSpan.FromMinutes(1));
        Assert.True(browser == 0 && File.Exists(screenshot), stdout + stderr);
        output.WriteLine($"screenshot: {screenshot}");

        // The timeline bar and the thumbnails' outline are drawn in the corruption red: the browser rendered them.
        using var image = await Image.LoadAsync<Rgb24>(screenshot);
        var red = 0;
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                foreach (var p in rows.GetRowSpan(y))
                {
                    red += p.R > 200 && p.G < 80 && p.B < 80 ? 1 : 0;
                }
            }
        });
        Assert.True(red > 2000, $"only {red} red pixels on the page");
    }

    [Fact]
    public async Task Report_command_renders_a_saved_report()
    {
        var folder = Path.Combine(media.Folder, "report-command");
        Directory.CreateDirectory(folder);
        var json = Path.Combine(folder, "freeze.json");
        var html = Path.Combine(folder, "freeze.html");
        var (analyzed, _, analyzeErr) = await Tool.RunAsync("dotnet", [Cli, "analyze", media.Freeze, "--output", json, "-q"]);
        Assert.True(analyzed == 0, analyzeErr);

        var (code, stdout, err) = await Tool.RunAsync("dotnet", [Cli, "report", json, "--html", html]);

        Assert.True(code == 0, err);
        Assert.Contains(html, stdout, StringComparison.Ordinal);
        var page = await File.ReadAllTextAsync(html);
        Assert.Contains("frozenFrame", page, StringComparison.Ordinal);
        Assert.Contains("data:image/png;base64,", page, StringComparison.Ordinal);
    }
}
