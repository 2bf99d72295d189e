using System.Text.Json;
using VideoDefects.IntegrationTests.Cli;
using VideoDefects.IntegrationTests.Support;

namespace VideoDefects.IntegrationTests.Detectors;

/// <summary>AV sync against a reference, end to end through the CLI: real clips, copies made by real FFmpeg the way
/// processing chains make them.</summary>
[Collection(MediaTests.Name)]
public class ReferenceSyncWithFFmpegTests(MediaFixture media)
{
    private async Task<string> SourceAsync()
    {
        var source = Path.Combine(media.Folder, "reference-source.mp4");
        if (!File.Exists(source))
        {
            await Tool.FFmpegAsync("-i", Path.Combine(Paths.Media, "tears_of_steel_battle_800x332.webm"), "-t", "8",
                "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", source);
        }

        return source;
    }

    private static async Task<JsonElement> AvSyncAsync(string copy, string reference)
    {
        var (code, stdout, stderr) = await AnalyzeCommandTests.RunCliAsync("analyze", copy, "--reference", reference, "--detectors", "avsync", "--output", "-", "-q");
        Assert.True(code == 0, stderr);
        return JsonDocument.Parse(stdout).RootElement.GetProperty("avSync").Clone();
    }

    [Fact]
    public async Task A_rescaled_letterboxed_50_fps_copy_with_frames_dropped_and_resampled_mono_sound_120_ms_late_is_measured_within_a_frame()
    {
        var source = await SourceAsync();
        var copy = Path.Combine(media.Folder, "reference-copy-late.mp4");
        // Three frames dropped (their neighbours held in their place), then rescaled, letterboxed, and made 50 fps.
        await Tool.FFmpegAsync("-i", source, "-vf", @"select='not(eq(n\,50)+eq(n\,51)+eq(n\,120))',scale=480:200,pad=480:270:0:35,fps=50",
            "-af", "adelay=120|120,volume=-6dB,aresample=44100", "-ac", "1",
            "-c:v", "libx264", "-preset", "ultrafast", "-crf", "30", "-c:a", "aac", "-b:a", "96k", copy);

        var avSync = await AvSyncAsync(copy, source);

        Assert.Equal("reference", avSync.GetProperty("method").GetString());
        Assert.InRange(avSync.GetProperty("audioDelayMs").GetDouble(), 120 - 20, 120 + 20); // one frame of the copy
        Assert.InRange(avSync.GetProperty("videoDelayMs").GetDouble(), -20, 20);

        // The source fingerprinted once, saved, serves the same measurement without decoding it again.
        var signature = Path.Combine(media.Folder, "reference-source.vdsig");
        var (code, _, stderr) = await AnalyzeCommandTests.RunCliAsync("signature", source, "--output", signature, "-q");
        Assert.True(code == 0, stderr);
        Assert.True(new FileInfo(signature).Length < 60_000, "a signature is small");
        var fromFile = await AvSyncAsync(copy, signature);
        Assert.Equal(avSync.GetProperty("audioDelayMs").GetDouble(), fromFile.GetProperty("audioDelayMs").GetDouble());
    }

    [Fact]
    public async Task A_copy_that_starts_later_reports_its_video_delay_and_an_in_sync_sound()
    {
        var source = await SourceAsync();
        var copy = Path.Combine(media.Folder, "reference-copy-trimmed.mp4");
        // Both streams cut at the same frame boundary (2 s = 48 frames at 24 fps): the copy is in sync, only later.
        await Tool.FFmpegAsync("-i", source, "-vf", "trim=start=2,setpts=PTS-STARTPTS", "-af", "atrim=start=2,asetpts=PTS-STARTPTS",
            "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", copy);

        var avSync = await AvSyncAsync(copy, source);

        Assert.InRange(avSync.GetProperty("videoDelayMs").GetDouble(), -2000 - 21, -2000 + 21);
        Assert.InRange(avSync.GetProperty("audioDelayMs").GetDouble(), -21, 21);
    }

    [Fact]
    public async Task A_copy_whose_sound_is_silent_gets_no_estimate_and_the_reason()
    {
        var source = await SourceAsync();
        var copy = Path.Combine(media.Folder, "reference-copy-silent.mp4");
        await Tool.FFmpegAsync("-i", source, "-c:v", "copy", "-af", "volume=0", "-c:a", "aac", copy);

        var avSync = await AvSyncAsync(copy, source);

        Assert.Equal(JsonValueKind.Null, avSync.GetProperty("audioDelayMs").ValueKind);
        Assert.Contains("silent", avSync.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_reference_is_a_typed_error_naming_it()
    {
        var missing = Path.Combine(media.Folder, "no-such-reference.mp4");
        var (code, _, stderr) = await AnalyzeCommandTests.RunCliAsync("analyze", media.Freeze, "--reference", missing, "-q");
        Assert.Equal(3, code);
        Assert.Contains("no-such-reference.mp4", stderr, StringComparison.Ordinal);
    }
}
