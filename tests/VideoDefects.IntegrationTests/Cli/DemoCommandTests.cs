namespace VideoDefects.IntegrationTests.Cli;

public class DemoCommandTests
{
    [Fact]
    public async Task Demo_finds_every_injected_defect()
    {
        var (code, stdout, stderr) = await AnalyzeCommandTests.RunCliAsync("demo");
        Assert.True(code == 0, stderr);
        var lines = stdout.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("frozen frames 4.00–5.52 s", StringComparison.Ordinal) && l.Contains("4.00–5.52 s (confidence", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("packet loss at 8.00 s", StringComparison.Ordinal) && l.Contains("(confidence", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("audio 120 ms late", StringComparison.Ordinal) && l.Contains("audio late by 120 ms", StringComparison.Ordinal));
    }
}
