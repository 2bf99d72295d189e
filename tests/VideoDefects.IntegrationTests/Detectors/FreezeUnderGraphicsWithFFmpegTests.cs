using System.Text.Json;
using VideoDefects.IntegrationTests.Cli;
using VideoDefects.IntegrationTests.Support;

namespace VideoDefects.IntegrationTests.Detectors;

/// <summary>Freezes under live graphics, end to end through FFmpeg and the CLI, on a real film clip with graphics
/// unlike the evaluation corpus' (there: <c>testsrc2</c> along the bottom and top right): a cellular-automaton
/// "ticker" along the bottom and a Game of Life box top left, both changing every frame (seeded, so every run sees
/// the same pictures; four unseeded draws passed too).</summary>
[Collection(MediaTests.Name)]
public class FreezeUnderGraphicsWithFFmpegTests(MediaFixture media)
{
    private static readonly string Graphics =
        "[p][1:v]overlay=x=0:y=H-h:shortest=1[o];[o][2:v]overlay=x=8:y=8:shortest=1,format=yuv420p[v]";

    private async Task<JsonElement[]> AnalyzeAsync(string name, string programme)
    {
        var clip = Path.Combine(media.Folder, name + ".mp4");
        await Tool.FFmpegAsync(
            "-t", "10", "-i", Path.Combine(Paths.Media, "tears_of_steel_battle_800x332.webm"),
            "-f", "lavfi", "-i", "cellauto=s=800x32:rate=24:rule=110:seed=1",
            "-f", "lavfi", "-i", "life=s=96x40:rate=24:mold=10:ratio=0.3:seed=1",
            "-filter_complex", programme + ";" + Graphics,
            "-map", "[v]", "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", clip);
        var output = Path.Combine(media.Folder, name + ".report.json");
        var (code, _, stderr) = await AnalyzeCommandTests.RunCliAsync("analyze", clip, "--output", output, "--detectors", "frozen", "-q");
        Assert.True(code == 0, stderr);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(output));
        Assert.Empty(SchemaValidator.Validate(report.RootElement.GetRawText(), Paths.Schema));
        return [.. report.RootElement.GetProperty("events").EnumerateArray().Select(e => e.Clone())];
    }

    [Fact]
    public async Task A_film_frozen_under_a_ticker_and_a_corner_box_is_one_freeze_naming_the_graphics()
    {
        // The film stops from 4.0 s to 6.0 s (frames 96..143 repeat frame 95); the graphics never do.
        var e = Assert.Single(await AnalyzeAsync("graphics-freeze", "[0:v]fps=24[s];" + Freezes.Filter([(4.0, 6.0)], 24, from: "s", to: "p")));
        Assert.Equal("frozenFrame", e.GetProperty("kind").GetString());
        Assert.Equal(4.0, e.GetProperty("start").GetDouble(), 2);
        Assert.Equal(6.0, e.GetProperty("end").GetDouble(), 2);
        var metrics = e.GetProperty("metrics");
        Assert.True(metrics.GetProperty("graphicsDiscountedFrames").GetDouble() > 0);
        // The ticker band: the whole width, down to the last whole block row (328 of 332), up to at least its top (300).
        Assert.Equal(800, metrics.GetProperty("graphicsBottomWidth").GetDouble());
        Assert.Equal(328, metrics.GetProperty("graphicsBottomY").GetDouble() + metrics.GetProperty("graphicsBottomHeight").GetDouble());
        Assert.InRange(metrics.GetProperty("graphicsBottomY").GetDouble(), 248, 300);
        // The box (8..103, 8..47) is inside the top region.
        Assert.Equal(0, metrics.GetProperty("graphicsTopX").GetDouble());
        Assert.InRange(metrics.GetProperty("graphicsTopHeight").GetDouble(), 48, 80);
    }

    [Fact]
    public async Task The_same_film_under_the_same_graphics_without_a_freeze_has_none()
    {
        Assert.Empty(await AnalyzeAsync("graphics-clean", "[0:v]fps=24[p]"));
    }
}
