using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using VideoDefects.Detectors.Corruption;
using VideoDefects.Detectors.Registry;
using VideoDefects.FFmpeg;
using VideoDefects.Frames;
using VideoDefects.IntegrationTests.Cli;
using VideoDefects.IntegrationTests.Support;

namespace VideoDefects.IntegrationTests.Detectors;

[Collection(MediaTests.Name)]
public class CorruptionWithFFmpegTests(MediaFixture media)
{
    /// <summary>On the undamaged clip: how FFmpeg conceals a damaged frame depends on its decoder threads' timing,
    /// so two decodes of <see cref="MediaFixture.Corrupted"/> can differ at the damaged frame (seen once: frame 60,
    /// 17.553 vs 17.533) — that would test FFmpeg, not the meter.</summary>
    [Fact]
    public async Task Blockiness_meter_matches_FFmpeg_blockdetect_frame_by_frame()
    {
        var log = Path.Combine(media.Folder, "block.txt");
        await Tool.FFmpegAsync("-i", media.CleanH264, "-frames:v", "80", "-vf", $"blockdetect,metadata=print:file={log}", "-f", "null", "-");
        var expected = Regex.Matches(await File.ReadAllTextAsync(log), @"lavfi\.block=([\d.]+)")
            .Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Take(80).ToList();
        Assert.Equal(80, expected.Count);

        var meter = new FFmpegBlockinessMeter();
        var actual = new List<double>();
        await using var source = new FFmpegSource(media.CleanH264, new FFmpegSourceOptions { DecodeAudio = false });
        await source.OpenAsync(CancellationToken.None);
        while (actual.Count < 80)
        {
            var sample = await source.ReadAsync(CancellationToken.None);
            Assert.False(sample.IsEnd);
            if (sample.Video is { } frame)
            {
                actual.Add(meter.Measure(frame.Luma));
                frame.Dispose();
            }
        }

        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 2e-6 + (1e-5 * expected[i]), $"frame {i}: FFmpeg {expected[i]}, ours {actual[i]}");
        }
    }

    /// <summary>Regression: the stream's norm was learned from frozen frames (zero change), so the motion after every
    /// long freeze was reported as corruption — four false events in this clip before the fix.</summary>
    [Fact]
    public async Task Motion_resuming_after_long_freezes_in_a_clean_H264_stream_is_not_block_corruption()
    {
        var clip = Path.Combine(media.Folder, "freezes-clean.mp4");
        await Tool.FFmpegAsync(
            "-f", "lavfi", "-i", "testsrc2=s=640x360:r=25:d=20",
            "-filter_complex", Freezes.Filter([(4.0, 7.0), (12.0, 15.2)], 25),
            "-map", "[v]", "-c:v", "libx264", "-preset", "veryfast", "-g", "50", "-bf", "0", "-pix_fmt", "yuv420p", clip);

        await using var source = new FFmpegSource(clip, new FFmpegSourceOptions { DecodeAudio = false });
        var report = await new Pipeline.AnalysisPipeline(VideoDefects.Detectors.Registry.DetectorRegistry.Default.Create(["frozen", "corruption"])).RunAsync(source);

        Assert.Equal(2, report.Events.Count(e => e.Kind == Analysis.DefectKind.FrozenFrame));
        Assert.DoesNotContain(report.Events, e => e.Kind == Analysis.DefectKind.BlockCorruption);
    }

    [Fact]
    public async Task Packet_loss_in_a_real_H264_stream_is_one_blockCorruption_event_until_the_keyframe()
    {
        var output = Path.Combine(media.Folder, "corrupted.report.json");
        var (code, _, stderr) = await AnalyzeCommandTests.RunCliAsync("analyze", media.Corrupted, "--output", output, "-q");
        Assert.True(code == 0, stderr);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(output));
        var e = Assert.Single(report.RootElement.GetProperty("events").EnumerateArray(), x => x.GetProperty("kind").GetString() == "blockCorruption");
        Assert.InRange(e.GetProperty("start").GetDouble(), 2.3, 2.7);   // packet 60 = frame 60 (no B-frames) = 2.4 s
        Assert.Equal(4.0, e.GetProperty("end").GetDouble(), 2);         // the keyframe at frame 100 repairs it
        Assert.True(e.GetProperty("region").GetProperty("width").GetInt32() > 0);
        Assert.Empty(SchemaValidator.Validate(report.RootElement.GetRawText(), Paths.Schema));
    }

    [Fact]
    public async Task A_heavily_corrupted_stream_is_analysed_not_refused()
    {
        var garbage = Path.Combine(media.Folder, "garbage.mp4");
        await Tool.FFmpegAsync("-i", Path.Combine(media.Folder, "clean-for-corruption.mp4"), "-c", "copy", "-bsf:v", "noise=amount=300", garbage);
        var (code, stdout, stderr) = await AnalyzeCommandTests.RunCliAsync("analyze", garbage, "--output", "-", "-q");
        Assert.True(code == 0, stderr);
        using var report = JsonDocument.Parse(stdout);
        Assert.Contains(report.RootElement.GetProperty("events").EnumerateArray(), x => x.GetProperty("kind").GetString() is "blockCorruption" or "decodeError");
    }

    [Fact]
    public async Task The_undamaged_stream_has_no_corruption_event()
    {
        var (code, stdout, stderr) = await AnalyzeCommandTests.RunCliAsync("analyze", Path.Combine(media.Folder, "clean-for-corruption.mp4"), "--output", "-", "-q");
        Assert.True(code == 0, stderr);
        using var report = JsonDocument.Parse(stdout);
        Assert.DoesNotContain(report.RootElement.GetProperty("events").EnumerateArray(), x => x.GetProperty("kind").GetString() == "blockCorruption");
    }
}
