using VideoDefects.Detectors;
using VideoDefects.Detectors.Registry;
using VideoDefects.FFmpeg;
using VideoDefects.IntegrationTests.Support;
using VideoDefects.Pipeline;

namespace VideoDefects.IntegrationTests.Detectors;

[Collection(MediaTests.Name)]
public class AvSyncHonestyTests(MediaFixture media)
{
    /// <summary>Regression: a steady tone under a moving pattern has no sound events to time, yet one coincidence
    /// (the tone's start against a picture change) gave a confident −590 ms and an avSyncOffset alarm.</summary>
    [Fact]
    public async Task A_steady_tone_under_moving_pictures_gets_no_estimate_and_no_alarm()
    {
        var clip = Path.Combine(media.Folder, "tone.mp4");
        await Tool.FFmpegAsync(
            "-f", "lavfi", "-i", "testsrc2=s=640x360:r=25:d=20", "-f", "lavfi", "-i", "sine=f=440:d=20",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", clip);

        await using var source = new FFmpegSource(clip);
        var report = await new AnalysisPipeline(DetectorRegistry.Default.Create(["avsync"])).RunAsync(source);

        Assert.NotNull(report.AvSync);
        Assert.Null(report.AvSync.AudioDelayMs);
        Assert.Empty(report.Events);
    }

    /// <summary>Regression: real handheld footage, in sync, whose first half second of sound is silenced. The first
    /// frame's missing difference counted as "no change", so the second frame looked like a huge visual onset and
    /// matched the first sound: +478 ms with confidence 0.94 and an avSyncOffset alarm.</summary>
    [Fact]
    public async Task An_in_sync_programme_whose_sound_starts_after_a_quiet_moment_gets_no_false_offset()
    {
        var clip = Path.Combine(media.Folder, "quiet-start.mp4");
        await Tool.FFmpegAsync(
            "-i", Path.Combine(Paths.Media, "toy_rabbit_handheld_320x240.mp4"), "-t", "8",
            "-af", "volume=enable='lt(t,0.5)':volume=0", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", clip);

        await using var source = new FFmpegSource(clip);
        var report = await new AnalysisPipeline(DetectorRegistry.Default.Create(["avsync"])).RunAsync(source);

        Assert.NotNull(report.AvSync);
        if (report.AvSync.AudioDelayMs is { } delay)
        {
            Assert.InRange(delay, -1000 / 30.0, 1000 / 30.0); // an answer, if any, within one frame of in sync
        }

        Assert.Empty(report.Events);
    }
}
