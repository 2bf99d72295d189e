using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using VideoDefects.IntegrationTests.Cli;
using VideoDefects.IntegrationTests.Support;

namespace VideoDefects.IntegrationTests.Detectors;

/// <summary>Black, silence and loudness side by side with FFmpeg's <c>blackdetect</c>, <c>silencedetect</c> and
/// <c>ebur128</c> on the same files, through the CLI (so the report is checked against the schema too).</summary>
[Collection(MediaTests.Name)]
public partial class MonitorChecksWithFFmpegTests(MediaFixture media)
{
    /// <summary>The picture's gain: 1 to 2.5 s, fading to black by 3 s, black to 6.5 s, back by 6.9 s.</summary>
    private const string Fade = "clip((3-T)/0.5\\,0\\,1)+clip((T-6.5)/0.4\\,0\\,1)";

    /// <summary>12 s: testsrc2 with the fade to black; stereo pink noise (the left quieter to 2.5 s), both channels
    /// silent 5–8 s, the right one dead 9–11.5 s; FLAC, so the samples are FFmpeg's own.</summary>
    private async Task<string> ProgrammeAsync()
    {
        var clip = Path.Combine(media.Folder, "monitor-programme.mkv");
        await Tool.FFmpegAsync(
            "-f", "lavfi", "-i", "testsrc2=s=320x180:r=25:d=12",
            "-f", "lavfi", "-i", "anoisesrc=color=pink:amplitude=0.5:r=48000:d=12:seed=7",
            "-f", "lavfi", "-i", "anoisesrc=color=pink:amplitude=0.5:r=48000:d=12:seed=8",
            "-filter_complex",
            $"[0:v]format=yuv420p,geq=lum='16+(lum(X\\,Y)-16)*({Fade})':cb='128+(cb(X\\,Y)-128)*({Fade})':cr='128+(cr(X\\,Y)-128)*({Fade})'[v];"
            + "[1:a]volume='if(lt(t,2.5),0.3,1)':eval=frame,volume=0:enable='between(t,5,8)',aformat=channel_layouts=mono[l];"
            + "[2:a]volume=0:enable='between(t,5,8)+between(t,9,11.5)',aformat=channel_layouts=mono[r];"
            + "[l][r]amerge=inputs=2,aformat=channel_layouts=stereo[a]",
            "-map", "[v]", "-map", "[a]", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "flac", clip);
        return clip;
    }

    private async Task<JsonElement> AnalyzeAsync(string clip, string detectors)
    {
        var output = Path.ChangeExtension(clip, ".report.json");
        var (code, _, stderr) = await AnalyzeCommandTests.RunCliAsync("analyze", clip, "--output", output, "--detectors", detectors, "-q");
        Assert.True(code == 0, stderr);
        var json = await File.ReadAllTextAsync(output);
        Assert.Empty(SchemaValidator.Validate(json, Paths.Schema));
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    private static async Task<string> FFmpegLogAsync(string clip, params string[] filter)
    {
        var (code, _, stderr) = await Tool.RunAsync("ffmpeg", ["-hide_banner", "-nostdin", "-nostats", "-i", clip, .. filter, "-f", "null", "-"]);
        Assert.True(code == 0, stderr);
        return stderr;
    }

    private static double Number(Match m, string group) => double.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

    private static List<(double Start, double End, string? Scope)> Events(JsonElement report, string kind) =>
        [.. report.GetProperty("events").EnumerateArray()
            .Where(e => e.GetProperty("kind").GetString() == kind)
            .Select(e => (e.GetProperty("start").GetDouble(), e.GetProperty("end").GetDouble(), e.TryGetProperty("scope", out var s) ? s.GetString() : null))];

    [Fact]
    public async Task Black_and_silence_equal_blackdetect_and_silencedetect_and_a_dead_channel_is_named()
    {
        var clip = await ProgrammeAsync();
        var report = await AnalyzeAsync(clip, "black,silence");

        var black = BlackLine().Matches(await FFmpegLogAsync(clip, "-vf", "blackdetect", "-an")).Single();
        var (start, end, _) = Assert.Single(Events(report, "black"));
        Assert.Equal(Number(black, "start"), start, 0.04); // within one frame
        Assert.Equal(Number(black, "end"), end, 0.04);

        // The programme's silence (all channels), then each channel's own (mono=1): the right one is also dead 9–11.5 s.
        var programme = SilenceLines().Matches(await FFmpegLogAsync(clip, "-af", "silencedetect", "-vn"));
        var perChannel = SilenceLines().Matches(await FFmpegLogAsync(clip, "-af", "silencedetect=mono=1", "-vn"));
        var silences = Events(report, "silence");
        Assert.Equal(2, silences.Count);
        Assert.Null(silences[0].Scope);
        Assert.Equal(Number(programme[0], "time"), silences[0].Start, 0.01);
        Assert.Equal(Number(programme[1], "time"), silences[0].End, 0.01);
        var dead = perChannel.Where(m => m.Groups["channel"].Value == "1").Select(m => Number(m, "time")).ToList();
        Assert.Equal(4, dead.Count); // 5–8 with the other channel, 9–11.5 alone
        Assert.Equal("channel 1", silences[1].Scope);
        Assert.Equal(dead[2], silences[1].Start, 0.01);
        Assert.Equal(dead[3], silences[1].End, 0.01);
    }

    [Theory]
    [InlineData("stereo", "monitor-programme")]
    [InlineData("5.1", "monitor-surround")]
    public async Task Loudness_equals_ebur128(string layout, string name)
    {
        var clip = layout == "stereo" ? await ProgrammeAsync() : Path.Combine(media.Folder, name + ".mkv");
        if (layout != "stereo")
        {
            // Six pink noises at different levels (LFE loud: it must not count), 20 s.
            var inputs = Enumerable.Range(0, 6).SelectMany(i => new[] { "-f", "lavfi", "-i", $"anoisesrc=color=pink:amplitude={0.1 + (0.1 * i)}:r=48000:d=20:seed={i + 1}" }).ToArray();
            await Tool.FFmpegAsync([
                "-f", "lavfi", "-i", "testsrc2=s=160x90:r=25:d=20", .. inputs,
                "-filter_complex", "[1:a][2:a][3:a][4:a][5:a][6:a]join=inputs=6:channel_layout=5.1[a]",
                "-map", "0:v", "-map", "[a]", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "flac", clip]);
        }

        var loudness = (await AnalyzeAsync(clip, "loudness")).GetProperty("loudness");
        var summary = await FFmpegLogAsync(clip, "-af", "ebur128=peak=true", "-vn");
        var i = Number(SummaryLine().Matches(summary).Single(m => m.Groups["what"].Value == "I"), "value");
        var lra = Number(SummaryLine().Matches(summary).Single(m => m.Groups["what"].Value == "LRA"), "value");
        var peak = Number(SummaryLine().Matches(summary).Single(m => m.Groups["what"].Value == "Peak"), "value");

        // FFmpeg prints one decimal: 0.05 of the tolerance is its rounding.
        Assert.Equal(i, loudness.GetProperty("integratedLufs").GetDouble(), 0.15);
        Assert.Equal(lra, loudness.GetProperty("loudnessRangeLu").GetDouble(), 0.55);
        Assert.Equal(peak, loudness.GetProperty("maxTruePeakDbtp").GetDouble(), 0.25);
        Assert.Equal("none", loudness.GetProperty("profile").GetString());
    }

    [Fact]
    public async Task With_a_profile_the_report_has_loudness_events_and_the_html_a_loudness_plot()
    {
        // The programme is about −19 LUFS: 4 LU above EBU R 128's −23, so one "integrated" event; its true peak stays
        // below −1 dBTP, so no peak event.
        var clip = await ProgrammeAsync();
        var html = Path.ChangeExtension(clip, ".html");
        var output = Path.ChangeExtension(clip, ".profile.json");
        var (code, stdout, stderr) = await AnalyzeCommandTests.RunCliAsync("analyze", clip, "--output", output, "--html", html, "--loudness-profile", "ebuR128", "--detectors", "loudness");
        Assert.True(code == 0, stderr);
        Assert.Contains("loudness: integrated", stdout, StringComparison.Ordinal);
        var report = JsonDocument.Parse(await File.ReadAllTextAsync(output)).RootElement;
        var e = Assert.Single(report.GetProperty("events").EnumerateArray());
        Assert.Equal(("loudness", "integrated"), (e.GetProperty("kind").GetString(), e.GetProperty("scope").GetString()));
        Assert.Equal("ebuR128", report.GetProperty("loudness").GetProperty("profile").GetString());
        var page = await File.ReadAllTextAsync(html);
        Assert.Contains("<svg id=\"loudness\"", page, StringComparison.Ordinal);
        Assert.Matches("stroke=\"#1d6f66\" stroke-width=\"1.5\" points=\"(\\d+,[\\d.]+ ){50,}", page); // the short-term line
    }

    [GeneratedRegex(@"black_start:(?<start>[\d.]+) black_end:(?<end>[\d.]+)")]
    private static partial Regex BlackLine();

    [GeneratedRegex(@"(?:channel: (?<channel>\d+) \| )?silence_(?:start|end): (?<time>[\d.]+)")]
    private static partial Regex SilenceLines();

    [GeneratedRegex(@"^\s+(?<what>I|LRA|Peak):\s+(?<value>-?[\d.]+)", RegexOptions.Multiline)]
    private static partial Regex SummaryLine();
}
