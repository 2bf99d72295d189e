using System.Text.Json;
using VideoDefects.Cli;
using VideoDefects.Detectors.Registry;
using VideoDefects.IntegrationTests.Support;

namespace VideoDefects.IntegrationTests.Cli;

[Collection(MediaTests.Name)]
public class AnalyzeCommandTests(MediaFixture media)
{
    internal static Task<(int Code, string Out, string Err)> RunCliAsync(params string[] args) => RunCliAsync(DetectorRegistry.Default, args);

    internal static async Task<(int Code, string Out, string Err)> RunCliAsync(DetectorRegistry registry, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, stdout, stderr, CancellationToken.None, registry);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task A_registered_detector_is_chosen_and_set_by_name_and_the_flags_win_over_the_options_file()
    {
        var options = Path.Combine(media.Folder, "dark-options.json");
        await File.WriteAllTextAsync(options, """{"dark": {"maxMeanLuma": 255}, "frozen": {"minDuration": "00:00:05"}}""");
        static List<JsonElement> Events(string json) => [.. JsonDocument.Parse(json).RootElement.GetProperty("events").EnumerateArray()];

        // Chosen by name: the test picture is not dark, but every picture is at most 255.
        var (code, stdout, stderr) = await RunCliAsync(DarkFrame.Registry, "analyze", media.Freeze, "--detectors", "dark,frozen", "--detector-options", options, "--output", "-");
        Assert.True(code == 0, stderr);
        var dark = Assert.Single(Events(stdout));
        Assert.Equal("dark", dark.GetProperty("detector").GetString());
        Assert.Equal(0, dark.GetProperty("firstFrame").GetInt64());
        Assert.DoesNotContain(Events(stdout), e => e.GetProperty("kind").GetString() == "frozenFrame"); // 1.2 s < 5 s

        // A flag wins over the file; an opt-in detector does not run unless named.
        (code, stdout, stderr) = await RunCliAsync(DarkFrame.Registry, "analyze", media.Freeze, "--detector-options", options, "--freeze-min-duration", "0.5", "--output", "-");
        Assert.True(code == 0, stderr);
        Assert.Contains(Events(stdout), e => e.GetProperty("kind").GetString() == "frozenFrame");
        Assert.DoesNotContain(Events(stdout), e => e.GetProperty("detector").GetString() == "dark");

        // Without the registration the name is unknown.
        (code, _, stderr) = await RunCliAsync("analyze", media.Freeze, "--detectors", "dark");
        Assert.Equal(CliApp.Usage, code);
        Assert.Contains("unknown detector 'dark'", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"dark": {"maxMeanLuma": 300}}""", "detector 'dark'")]
    [InlineData("""{"corruption": {"minOnsetBlock": 3}}""", "minOnsetBlock")]
    [InlineData("""{"frozen": {"ignoreRegions": ["0,0,0,5"]}}""", "detector 'frozen'")]
    [InlineData("""{"loudness": {"profile": "ebu"}}""", "'ebu' is not a loudness profile")]
    [InlineData("""{"nosuch": {}}""", "detector 'nosuch'")]
    [InlineData("""["frozen"]""", "keyed by detector name")]
    [InlineData("{not json", "not JSON")]
    public async Task Detector_options_mistakes_are_usage_errors_naming_them(string json, string expected)
    {
        var options = Path.Combine(media.Folder, $"bad-options-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(options, json);
        var (code, _, stderr) = await RunCliAsync(DarkFrame.Registry, "analyze", media.Freeze, "--detector-options", options, "-q");
        Assert.Equal(CliApp.Usage, code);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_writes_a_schema_valid_report_with_the_injected_freeze()
    {
        var output = Path.Combine(media.Folder, "freeze.report.json");
        var (code, stdout, stderr) = await RunCliAsync("analyze", media.Freeze, "--output", output);
        Assert.True(code == 0, stderr);
        var json = await File.ReadAllTextAsync(output);
        Assert.Empty(SchemaValidator.Validate(json, Paths.Schema));
        using var report = JsonDocument.Parse(json);
        var freeze = Assert.Single(report.RootElement.GetProperty("events").EnumerateArray(), e => e.GetProperty("kind").GetString() == "frozenFrame");
        Assert.Equal(2.0, freeze.GetProperty("start").GetDouble(), 2); // frame 50: the first repeat of frame 49
        Assert.Equal(3.2, freeze.GetProperty("end").GetDouble(), 2);
        Assert.Contains("frozenFrame", stdout, StringComparison.Ordinal);
    }

    public static TheoryData<string> SharedClips()
    {
        var data = new TheoryData<string>();
        foreach (var clip in Directory.EnumerateFiles(Paths.Media).Where(f => !f.EndsWith(".md", StringComparison.Ordinal)).Order())
        {
            data.Add(Path.GetFileName(clip));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SharedClips))]
    public async Task Every_shared_clip_gives_a_schema_valid_report(string clip)
    {
        var output = Path.Combine(media.Folder, clip + ".json");
        var (code, _, stderr) = await RunCliAsync("analyze", Path.Combine(Paths.Media, clip), "--output", output, "--quiet");
        Assert.True(code == 0, stderr);
        var json = await File.ReadAllTextAsync(output);
        Assert.Empty(SchemaValidator.Validate(json, Paths.Schema));
        using var report = JsonDocument.Parse(json);
        Assert.True(report.RootElement.GetProperty("video").GetProperty("frames").GetInt64() > 0);
    }

    [Fact]
    public async Task Fail_on_turns_found_defects_into_exit_code_1()
    {
        var (code, _, _) = await RunCliAsync("analyze", media.Freeze, "--fail-on", "frozenFrame", "-q");
        Assert.Equal(CliApp.DefectsFound, code);
    }

    [Fact]
    public async Task Report_to_standard_output_keeps_the_summary_on_stderr()
    {
        var (code, stdout, stderr) = await RunCliAsync("analyze", media.Freeze, "--output", "-");
        Assert.Equal(0, code);
        Assert.Empty(SchemaValidator.Validate(stdout, Paths.Schema));
        Assert.Contains("event(s)", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing", 3)]
    [InlineData("text", 4)]
    [InlineData("empty", 4)]
    [InlineData("random", 4)]
    [InlineData("truncated", 4)]
    [InlineData("audio", 5)]
    [InlineData("huge-y4m", 7)]
    public async Task Bad_input_gives_one_clear_line_and_a_documented_exit_code(string which, int expected)
    {
        var input = media.BadInput(which);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var (code, _, stderr) = await RunCliAsync("analyze", input);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60));
        Assert.Equal(expected, code);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"videodefects: {input}: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("analyze")]
    [InlineData("analyze", "a.mp4", "--no-such-option", "1")]
    [InlineData("analyze", "a.mp4", "--detectors", "nonsense")]
    [InlineData("analyze", "a.mp4", "--freeze-mode", "fast")]
    [InlineData("analyze", "a.mp4", "--decoder-threads", "-1")]
    [InlineData("analyze", "a.mp4", "--decoder-threads", "1.5")]
    [InlineData("analyze", "a.mp4", "--freeze-min-duration", "1,5")]
    [InlineData("analyze", "a.mp4", "--silence-noise", "3")]
    [InlineData("report", "r.json")]
    [InlineData("signature", "a.mp4")]
    [InlineData("demo", "--output", "x")]
    [InlineData("frobnicate")]
    public async Task Usage_mistakes_exit_2(params string[] args)
    {
        var (code, _, stderr) = await RunCliAsync(args);
        Assert.Equal(CliApp.Usage, code);
        Assert.StartsWith("videodefects: ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_and_help_exit_0()
    {
        var (code, stdout, _) = await RunCliAsync("--version");
        Assert.Equal(0, code);
        Assert.Matches(@"^\d+\.\d+\.\d+", stdout);
        (code, stdout, _) = await RunCliAsync("--help");
        Assert.Equal(0, code);
        Assert.Contains("Examples:", stdout, StringComparison.Ordinal);
        Assert.Contains("Exit codes:", stdout, StringComparison.Ordinal);
        (code, stdout, _) = await RunCliAsync("analyze", "--help");
        Assert.Equal(0, code);
        Assert.Contains("--loudness-profile", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("--keep", stdout, StringComparison.Ordinal); // options belong to their command
        (code, stdout, _) = await RunCliAsync();
        Assert.Equal(CliApp.Usage, code); // no command: the help, as a usage mistake
        Assert.Contains("Usage:", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bundled_short_flags_a_response_file_and_double_dash_are_understood()
    {
        var folder = Directory.CreateTempSubdirectory("videodefects-cli-");
        try
        {
            // -qv = -q -v; a response file holds options one per line.
            var responses = Path.Combine(folder.FullName, "options.rsp");
            await File.WriteAllLinesAsync(responses, ["--detectors", "frozen", "--freeze-min-duration", "0.5"]);
            var output = Path.Combine(folder.FullName, "report.json");
            var (code, stdout, stderr) = await RunCliAsync("analyze", "-qv", "@" + responses, "--output", output, media.Freeze);
            Assert.True(code == 0, stderr);
            Assert.Empty(stdout); // -q took effect
            using var report = JsonDocument.Parse(await File.ReadAllTextAsync(output));
            var events = report.RootElement.GetProperty("events").EnumerateArray().ToList();
            Assert.NotEmpty(events);
            Assert.All(events, e => Assert.Equal("frozen", e.GetProperty("detector").GetString())); // --detectors from the file

            // After --, a token that looks like an option is the INPUT: here a file that does not exist (exit 3).
            (code, _, stderr) = await RunCliAsync("analyze", "--", "--output");
            Assert.Equal(3, code);
            Assert.StartsWith("videodefects: --output: ", stderr, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
