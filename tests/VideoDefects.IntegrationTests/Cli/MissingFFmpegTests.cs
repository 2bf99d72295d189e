using VideoDefects.FFmpeg;
using VideoDefects.IntegrationTests.Support;

namespace VideoDefects.IntegrationTests.Cli;

/// <summary>The CLI as a new user meets it on a machine without FFmpeg: a separate process whose <c>PATH</c> holds
/// only <c>dotnet</c> (and, in one case, <c>ffprobe</c>). Every command that needs FFmpeg says so in one line and exits
/// with 10 — never an unhandled exception.</summary>
[Collection(MediaTests.Name)]
public class MissingFFmpegTests(MediaFixture media)
{
    [Fact]
    public async Task Demo_without_FFmpeg_is_one_line_and_exit_10()
    {
        var (code, _, stderr) = await RunWithoutFFmpegAsync(["demo"]);
        AssertOneLine(code, stderr, "ffmpeg could not be started");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // ffprobe there, ffmpeg not: the failure comes from FFMpegCore, not from our own probe
    public async Task Analyze_without_FFmpeg_is_one_line_and_exit_10(bool withFFprobe)
    {
        var (code, _, stderr) = await RunWithoutFFmpegAsync(["analyze", media.Freeze, "-q"], withFFprobe);
        AssertOneLine(code, stderr, "could not be started");
    }

    [Fact]
    public async Task Report_with_thumbnails_without_FFmpeg_is_one_line_and_exit_10()
    {
        var report = Path.Combine(media.Folder, "missing-ffmpeg.report.json");
        var (analysed, _, analyseErrors) = await AnalyzeCommandTests.RunCliAsync("analyze", media.Freeze, "--output", report, "-q");
        Assert.True(analysed == 0, analyseErrors);

        var (code, _, stderr) = await RunWithoutFFmpegAsync(["report", report, "--html", Path.Combine(media.Folder, "missing-ffmpeg.html")]);
        AssertOneLine(code, stderr, "could not be started");
    }

    [Fact]
    public async Task The_library_throws_the_typed_error_when_FFmpeg_is_missing()
    {
        var empty = Directory.CreateTempSubdirectory("videodefects-nobin-");
        try
        {
            await using var source = new FFmpegSource(media.Freeze, new FFmpegSourceOptions { BinaryFolder = empty.FullName });
            var error = await Assert.ThrowsAsync<VideoDefects.Errors.DecoderException>(() => source.OpenAsync(CancellationToken.None).AsTask());
            Assert.Contains("install FFmpeg", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    private static void AssertOneLine(int code, string stderr, string expected)
    {
        Assert.True(code == 10, $"exit {code}: {stderr}");
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.Contains("install FFmpeg", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled", stderr, StringComparison.Ordinal);
    }

    /// <summary>Runs the CLI (the build in this test's folder) with a <c>PATH</c> of one folder that links
    /// <c>dotnet</c> and, when asked, <c>ffprobe</c>.</summary>
    private static async Task<(int Code, string Out, string Err)> RunWithoutFFmpegAsync(string[] args, bool withFFprobe = false)
    {
        var bin = Directory.CreateTempSubdirectory("videodefects-nopath-");
        try
        {
            File.CreateSymbolicLink(Path.Combine(bin.FullName, "dotnet"), Which("dotnet"));
            if (withFFprobe)
            {
                File.CreateSymbolicLink(Path.Combine(bin.FullName, "ffprobe"), Which("ffprobe"));
            }

            var cli = Path.Combine(AppContext.BaseDirectory, "VideoDefects.Cli.dll");
            return await Tool.RunAsync(Path.Combine(bin.FullName, "dotnet"), [cli, .. args], TimeSpan.FromMinutes(2), environment: new Dictionary<string, string> { ["PATH"] = bin.FullName });
        }
        finally
        {
            bin.Delete(recursive: true);
        }
    }

    private static string Which(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(folder => Path.Combine(folder, program))
            .FirstOrDefault(File.Exists) is { } found
            ? new FileInfo(found).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? found
            : throw new InvalidOperationException($"{program} is not on PATH.");
}
