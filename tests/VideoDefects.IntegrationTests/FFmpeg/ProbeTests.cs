using System.Globalization;
using VideoDefects.FFmpeg.Decoding;
using VideoDefects.IntegrationTests.Support;

namespace VideoDefects.IntegrationTests.FFmpeg;

/// <summary>The probe against ffprobe itself: what it reads from the JSON is what ffprobe reports in its own CSV.</summary>
public class ProbeTests
{
    public static TheoryData<string> Clips => new() { "bbb_1080p_hevc_5s.ts", "bbb_720p_30s.webm", "his_girl_friday_dialogue_640x480.mp4" };

    [Theory]
    [MemberData(nameof(Clips))]
    public async Task A_real_clip_is_described_as_ffprobe_itself_reports_it(string clip)
    {
        var path = Path.Combine(Paths.Media, clip);
        var probe = await Probe.RunAsync("ffprobe", path, [], CancellationToken.None);

        // key=value lines; a stream listed again under its program (MPEG-TS) repeats them, so the first one counts.
        var (_, text, _) = await Tool.RunAsync("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height,avg_frame_rate,start_time,pix_fmt", "-of", "default=noprint_wrappers=1", path]);
        var fields = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=', 2)).GroupBy(kv => kv[0]).ToDictionary(g => g.Key, g => g.First()[1].Trim());
        var video = probe.PrimaryVideo!;
        Assert.Equal(int.Parse(fields["width"], CultureInfo.InvariantCulture), video.Width);
        Assert.Equal(int.Parse(fields["height"], CultureInfo.InvariantCulture), video.Height);
        Assert.Equal(fields["pix_fmt"], video.PixelFormat);
        Assert.Equal(ProbeNumbers.Rate(fields["avg_frame_rate"]), ProbeNumbers.Rate(video.AverageFrameRate));
        Assert.Equal(ProbeNumbers.Seconds(fields["start_time"]), video.StartSeconds);

        var (_, duration, _) = await Tool.RunAsync("ffprobe", ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", path]);
        Assert.True(probe.Duration.TotalSeconds >= double.Parse(duration.Trim(), CultureInfo.InvariantCulture) - 1e-6);
    }

    [Fact]
    public async Task Not_media_fails_with_ffprobe_s_own_words()
    {
        var path = Path.Combine(Path.GetTempPath(), $"probe-{Guid.NewGuid():N}.mp4");
        await File.WriteAllTextAsync(path, "this is not a video");
        try
        {
            var e = await Assert.ThrowsAsync<ProbeFailedException>(() => Probe.RunAsync("ffprobe", path, [], CancellationToken.None));
            Assert.Contains("Invalid data found", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("30000/1001", 30000.0 / 1001)]
    [InlineData("25/1", 25.0)]
    [InlineData("25", 25.0)]
    [InlineData("0/0", double.NaN)]
    [InlineData("N/A", double.NaN)]
    [InlineData(null, double.NaN)]
    public void Rates_read_as_ffprobe_prints_them(string? text, double expected) =>
        Assert.Equal(expected, ProbeNumbers.Rate(text));

    [Fact]
    public void The_first_streams_by_index_and_the_longest_duration_are_taken()
    {
        ProbeStream Stream(int index, string type, string? duration) => new(index, type, 16, 16, "yuv420p", "25/1", "25/1", "0.5", duration, 2);
        var result = new ProbeResult(new ProbeOutput(
            [Stream(3, "video", "4.0"), Stream(1, "audio", "9.5"), Stream(2, "video", "N/A"), Stream(0, "data", "99")],
            new ProbeFormat("5.0")));

        Assert.Equal(2, result.PrimaryVideo!.Index);
        Assert.Equal(1, result.PrimaryAudio!.Index);
        Assert.Equal(TimeSpan.FromSeconds(9.5), result.Duration);
        Assert.Equal(0.5, result.PrimaryVideo.StartSeconds);
        Assert.Equal(TimeSpan.Zero, new ProbeResult(new ProbeOutput(null, null)).Duration);
    }
}
